package ui

import (
	"context"
	"net"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/sim/scalesim"
	"github.com/omnilane/omnilane/devices/transport"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// tomatoPLU is a product sold by weight added by addWeighedProduct: 2,29 €/kg.
const tomatoPLU = "4087"

// addWeighedProduct puts a product sold by weight in the test catalog.
func addWeighedProduct(t *testing.T, db *sqlite.DB) {
	t.Helper()
	if err := db.ApplyCatalog(context.Background(), pos.CatalogDelta{Cursor: 2, Products: []pos.Product{
		{SKU: "TOM", Name: "Tomate pera", NameEN: "Plum tomato", Barcodes: []string{tomatoPLU}, Price: 229, Currency: "EUR", TaxRate: 400, ByWeight: true},
	}}); err != nil {
		t.Fatal(err)
	}
}

// ptyScale serves a simulated scale on a real pseudo-terminal and returns
// it with the real driver opened on the pty: the screens weigh through the
// protocol's bytes.
func ptyScale(t *testing.T, d scale.Dialect) (*scalesim.Scale, *scale.Scale) {
	t.Helper()
	sim, err := scalesim.New(scalesim.Config{Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	paths := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- sim.PTY(ctx, func(p string) { paths <- p }) }()
	var path string
	select {
	case path = <-paths:
	case err := <-done:
		cancel()
		t.Skipf("no pty: %v", err)
	}
	drv, err := scale.New(scale.Config{Dialer: transport.Serial{Name: path}, Dialect: d,
		RetryEvery: 20 * time.Millisecond, StableWithin: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = drv.Close(); cancel(); <-done })
	return sim, drv
}

// typeInto types text into the focused widget and presses Enter.
func typeInto(t *testing.T, s *LaneScreen, want any, text string) {
	t.Helper()
	c := s.Window().Canvas()
	if c.Focused() != want {
		t.Fatalf("focus is on %T, not where %q goes", c.Focused(), text)
	}
	for _, r := range text {
		c.Focused().TypedRune(r)
	}
	pressEnter(c)
	s.jobs.wait()
}

// TestLaneWeighsFromScale: scanning a PLU sold by weight asks the scale and
// adds the line at the stable weight, with weight and price shown; when the
// scale refuses (over capacity, empty) the pane says why, and the cashier
// weighs again, types the weight, or cancels.
func TestLaneWeighsFromScale(t *testing.T) {
	sim, drv := ptyScale(t, scale.DialectToledo8213)
	s, db := newTestScreen(t, "es", LaneOptions{Scale: drv})
	addWeighedProduct(t, db)

	sim.Place(1234)
	scan(t, s, tomatoPLU)
	if s.weigh != nil {
		t.Fatalf("weigh pane still open: %q", s.weigh.message.Text)
	}
	b := s.lane.Basket()
	if len(b.Lines) != 1 || b.Lines[0].Grams != 1234 || b.Lines[0].Amount != 283 {
		t.Fatalf("basket %+v", b.Lines)
	}
	if s.message.Text != "Añadido: Tomate pera, 1,234 kg × 2,29 €/kg = 2,83 €" {
		t.Errorf("message %q", s.message.Text)
	}
	if r := rows(s); len(r) != 1 {
		t.Errorf("rows %q", r)
	} else {
		contains(t, "basket row", r[0], "1,234 kg × 2,29 €/kg")
	}

	// Too heavy: the pane stays, says why; weighing again after the
	// cashier took some off adds 500 g.
	sim.Place(16000)
	scan(t, s, tomatoPLU)
	if s.weigh == nil || s.weigh.message.Text != "Demasiado peso para la báscula: pese menos cantidad cada vez." {
		t.Fatalf("over capacity: pane %v", s.weigh)
	}
	sim.Place(500)
	tapButton(t, s.weigh.box, "Pesar otra vez")
	s.jobs.wait()
	if s.weigh != nil || len(s.lane.Basket().Lines) != 2 || s.lane.Basket().Lines[1].Grams != 500 {
		t.Fatalf("after weighing again: %+v", s.lane.Basket().Lines)
	}

	// Nothing on the scale: the cashier types the weight instead.
	sim.Place(0)
	scan(t, s, tomatoPLU)
	if s.weigh == nil || s.weigh.message.Text != "No hay nada en la báscula: ponga el producto y pulse Pesar otra vez." {
		t.Fatalf("empty scale: %+v", s.weigh)
	}
	typeInto(t, s, s.weigh.keyed, "0,750")
	if b := s.lane.Basket(); len(b.Lines) != 3 || b.Lines[2].Grams != 750 || b.Lines[2].Amount != 172 {
		t.Fatalf("keyed weight: %+v", b.Lines)
	}
	if s.Window().Canvas().Focused() != s.code {
		t.Error("the code entry is not focused after adding")
	}

	// Cancel: back to selling, nothing added.
	scan(t, s, tomatoPLU)
	tapButton(t, s.weigh.box, "Cancelar")
	s.jobs.wait()
	if s.weigh != nil || len(s.lane.Basket().Lines) != 3 || s.Window().Canvas().Focused() != s.code {
		t.Fatalf("after cancel: pane %v, %d lines", s.weigh, len(s.lane.Basket().Lines))
	}
}

// TestLaneWeighWithoutWorkingScale: with no scale configured, and with a
// scale that does not answer, the cashier is told so and types the weight;
// a weight that is not a number is refused with a clear message.
func TestLaneWeighWithoutWorkingScale(t *testing.T) {
	s, db := newTestScreen(t, "en", LaneOptions{})
	addWeighedProduct(t, db)
	scan(t, s, tomatoPLU)
	if s.weigh == nil || s.weigh.message.Text != "No scale on this lane: type the weight in kg and press Add." || !s.weigh.againBtn.Disabled() {
		t.Fatalf("no scale: %+v", s.weigh)
	}
	typeInto(t, s, s.weigh.keyed, "abc")
	if s.weigh == nil || s.weigh.message.Text != "Type the weight in kilograms, e.g. 0.850 (between 0.001 and 100 kg)" {
		t.Fatalf("bad weight: %+v", s.weigh)
	}
	s.weigh.keyed.SetText("")
	typeInto(t, s, s.weigh.keyed, "1.5")
	if b := s.lane.Basket(); len(b.Lines) != 1 || b.Lines[0].Grams != 1500 {
		t.Fatalf("keyed 1.5 kg: %+v", b.Lines)
	}

	// A scale nobody answers on.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	drv, _ := scale.New(scale.Config{Dialer: transport.TCP{Addr: addr}, Dialect: scale.DialectNCI})
	s2, db2 := newTestScreen(t, "en", LaneOptions{Scale: drv})
	addWeighedProduct(t, db2)
	scan(t, s2, tomatoPLU)
	if s2.weigh == nil || s2.weigh.message.Text != "The scale does not answer: type the weight in kg and press Add." {
		t.Fatalf("dead scale: %+v", s2.weigh)
	}
	if s2.Window().Canvas().Focused() != s2.weigh.keyed {
		t.Error("the weight entry is not focused after the scale failed")
	}
}

// waitShown lets the kiosk's weighing screen read the scale until ok holds
// for what it shows. A reading asked for before the scale changed may still
// show the old state, so one more reading is not enough.
func waitShown(t *testing.T, k *KioskScreen, ok func(w *kioskWeigh) bool) {
	t.Helper()
	w := k.weigh
	deadline := time.Now().Add(10 * time.Second)
	for {
		k.jobs.wait()
		if ok(w) {
			return
		}
		if time.Now().After(deadline) {
			return // the caller's assertion says what is shown
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestKioskWeighsProduce: the customer scans a PLU sold by weight, is asked
// to place it on the scale, sees the weight and price once it is still,
// taps Add; going back always returns to the basket.
func TestKioskWeighsProduce(t *testing.T) {
	sim, drv := ptyScale(t, scale.DialectNCI)
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{Scale: drv})
	addWeighedProduct(t, db)
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, tomatoPLU)
	if k.state != stateWeighing || k.weigh == nil {
		t.Fatalf("state %d after scanning a weighed PLU", k.state)
	}
	w := k.weigh
	if w.message.Text != "Coloque el producto en la báscula" || !w.add.Disabled() || w.weight.Text != "—" {
		t.Fatalf("empty scale: %q add disabled %v weight %q", w.message.Text, w.add.Disabled(), w.weight.Text)
	}
	sim.Set(scalesim.State{Grams: 800, Motion: true})
	waitShown(t, k, func(w *kioskWeigh) bool { return w.message.Text == "Pesando… no mueva la báscula" })
	if w.message.Text != "Pesando… no mueva la báscula" || !w.add.Disabled() {
		t.Fatalf("moving scale: %q", w.message.Text)
	}
	sim.Set(scalesim.State{Grams: 800})
	waitShown(t, k, func(w *kioskWeigh) bool { return !w.add.Disabled() })
	if w.weight.Text != "0,800 kg" || w.price.Text != "1,83 €" || w.add.Disabled() {
		t.Fatalf("stable: weight %q price %q add disabled %v", w.weight.Text, w.price.Text, w.add.Disabled())
	}
	test.Tap(w.add)
	k.jobs.wait()
	if k.state != stateSelling || len(k.basket.Lines) != 1 || k.basket.Lines[0].Grams != 800 || k.sell.total.Text != "1,83 €" {
		t.Fatalf("after Add: state %d lines %+v total %q", k.state, k.basket.Lines, k.sell.total.Text)
	}
	if k.sell.message.Text != "Tomate pera  0,800 kg  1,83 €" {
		t.Errorf("message %q", k.sell.message.Text)
	}

	// Under zero is explained; going back keeps the basket as it was.
	sim.Set(scalesim.State{Grams: -40, UnderZero: true})
	kioskScan(t, k, tomatoPLU)
	if k.weigh == nil || k.weigh.message.Text != "Retire todo de la báscula. Si sigue igual, pida ayuda." {
		t.Fatalf("under zero: %+v", k.weigh)
	}
	test.Tap(k.weigh.back)
	k.jobs.wait()
	if k.state != stateSelling || k.weigh != nil || len(k.basket.Lines) != 1 || k.Window().Canvas().Focused() != k.sell.code {
		t.Fatalf("after going back: state %d, %d lines", k.state, len(k.basket.Lines))
	}
	time.Sleep(2 * kioskWeighEvery) // a reading queued before going back is dropped
	k.jobs.wait()
	if k.state != stateSelling {
		t.Fatal("a late reading took the kiosk back to the scale")
	}
}

// TestKioskWeighWithoutScale: without a scale the customer is told to call
// for help and can go back.
func TestKioskWeighWithoutScale(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	addWeighedProduct(t, db)
	test.Tap(k.attract.buttons["en"])
	kioskScan(t, k, tomatoPLU)
	if k.weigh == nil || k.weigh.message.Text != "The scale is not working. Please call for help." || !k.weigh.add.Disabled() {
		t.Fatalf("no scale: %+v", k.weigh)
	}
	test.Tap(k.weigh.back)
	if k.state != stateSelling {
		t.Fatal("Back to my basket does not go back")
	}
}

func TestParseKg(t *testing.T) {
	for in, want := range map[string]int64{"0,850": 850, "0.85": 850, "2": 2000, "1,5 kg": 1500, ",5": 500, "100": 100000} {
		if g, ok := parseKg(in); !ok || g != want {
			t.Errorf("parseKg(%q) = %d, %v; want %d", in, g, ok, want)
		}
	}
	for _, in := range []string{"", "0", "abc", "-1", "1,2345", "101", "1.2.3", "+5", "0,000"} {
		if g, ok := parseKg(in); ok {
			t.Errorf("parseKg(%q) = %d accepted", in, g)
		}
	}
}

// FuzzParseKg: any typed text gives a weight between 1 g and 100 kg or is
// refused, and a weight written back as the store shows it reads the same.
func FuzzParseKg(f *testing.F) {
	for _, s := range []string{"0,850", "1.5", "100", "1,2345", "-1", "", ",", "1e3", "0x10", " 2 kg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, ok := parseKg(s)
		if !ok {
			return
		}
		if g < 1 || g > 100_000 {
			t.Fatalf("parseKg(%q) = %d g", s, g)
		}
		for _, lang := range []string{"es", "en"} {
			if back, ok := parseKg(kgText(lang, g)); !ok || back != g {
				t.Fatalf("%d g shown as %q reads back as %d, %v", g, kgText(lang, g), back, ok)
			}
		}
	})
}
