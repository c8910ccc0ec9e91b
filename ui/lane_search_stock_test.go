package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
)

// searchTexts returns every label shown in the search results.
func searchTexts(s *LaneScreen) []string {
	var out []string
	for _, o := range test.LaidOutObjects(s.search.list) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return out
}

func shown(texts []string, want string) bool {
	for _, t := range texts {
		if t == want {
			return true
		}
	}
	return false
}

// TestLaneSearchShowsOnHand: the search results show the store's on-hand
// from central's snapshot, less what this lane sold since; a product never
// counted shows no figure; an oversold product says so.
func TestLaneSearchShowsOnHand(t *testing.T) {
	ctx := context.Background()
	lane, db := newTestLane(t)
	s := NewLaneScreen(test.NewTempApp(t), lane, LaneOptions{Lang: "es", Catalog: db})
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	last, err := db.LastEvent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	countedAt := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC) // before the lane's fixed clock
	if err := db.ApplyStock(ctx, pos.StockSnapshot{Moves: 1, Counts: 1, Full: true, Heads: map[string]int64{"lane-1": last.Seq},
		Levels: []pos.StockLevel{{SKU: "CAF", OnHand: 12, Counted: true, CountedAt: countedAt}, {SKU: "BAN", OnHand: 1, Counted: true, CountedAt: countedAt}}}); err != nil {
		t.Fatal(err)
	}
	search := func(q string) []string {
		t.Helper()
		test.Tap(s.searchBtn)
		test.Type(s.search.query, q)
		s.jobs.wait()
		return searchTexts(s)
	}
	if got := search("café"); !shown(got, "12 en tienda") || !shown(got, "Café molido 250 g") {
		t.Fatalf("café: shown %q; want «12 en tienda»", got)
	}
	if got := search("vino"); len(got) == 0 || shown(got, "0 en tienda") || shown(got, "agotado") {
		t.Fatalf("vino (never counted): shown %q; want no figure", got)
	}
	s.closeSearch()

	// Two coffees and two bananas sold here, not yet counted by central.
	scan(t, s, "2*"+coffeeCode)
	scan(t, s, "2*4011")
	if _, err := s.lane.PayCash(ctx, 5000); err != nil {
		t.Fatal(err)
	}
	if got := search("café"); !shown(got, "10 en tienda") {
		t.Fatalf("after selling two: shown %q; want «10 en tienda»", got)
	}
	if got := search("plátano"); !shown(got, "sobrevendido en 1") {
		t.Fatalf("after selling two of one: shown %q; want «sobrevendido en 1»", got)
	}
}

func TestOnHandTextEnglish(t *testing.T) {
	unit, kilo := pos.Product{SKU: "A"}, pos.Product{SKU: "K", ByWeight: true}
	for _, c := range []struct {
		p    pos.Product
		oh   pos.OnHand
		want string
	}{
		{unit, pos.OnHand{Units: 12, Known: true}, "12 in store"},
		{unit, pos.OnHand{Units: 0, Known: true}, "out of stock"},
		{unit, pos.OnHand{Units: -3, Known: true}, "oversold by 3"},
		{unit, pos.OnHand{Units: 5}, ""},
		{kilo, pos.OnHand{Units: 1250, Known: true}, "1.250 kg in store"},
	} {
		if got := onHandText("en", c.p, c.oh); got != c.want {
			t.Errorf("%+v %+v: %q; want %q", c.p, c.oh, got, c.want)
		}
	}
}
