package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/central"
)

func testIngestTxReadsOwnWrites(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 3)
	err := st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
		if _, ok, err := tx.Last(ctx); err != nil || ok {
			return fmt.Errorf("empty journal has a last entry (%v, %v)", ok, err)
		}
		for i, e := range es {
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
			last, ok, err := tx.Last(ctx)
			if err != nil || !ok || last.Hash != e.Hash {
				return fmt.Errorf("after append %d Last is %d %v %v", i+1, last.Seq, ok, err)
			}
		}
		for _, e := range es {
			got, ok, err := tx.At(ctx, e.Seq)
			if err != nil || !ok || got.Hash != e.Hash || string(got.Payload) != string(e.Payload) {
				return fmt.Errorf("At(%d) = %d %v %v", e.Seq, got.Seq, ok, err)
			}
		}
		if _, ok, err := tx.At(ctx, 4); err != nil || ok {
			return fmt.Errorf("At(4) found an entry (%v, %v)", ok, err)
		}
		for i, e := range es {
			var s pos.Sale
			if err := json.Unmarshal(e.Payload, &s); err != nil {
				return err
			}
			fresh, err := tx.ProjectSale(ctx, s, e)
			if err != nil || !fresh {
				return fmt.Errorf("sale %d: fresh %v, %v", i+1, fresh, err)
			}
			if again, err := tx.ProjectSale(ctx, s, e); err != nil || again {
				return fmt.Errorf("sale %d projected twice: %v, %v", i+1, again, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkHeld(t, st, "lane-1", es)
	// A sale id is recorded once across devices too.
	var s pos.Sale
	_ = json.Unmarshal(es[0].Payload, &s)
	other := Chain(t, "lane-2", nil, 1)
	err = st.IngestTx(ctx, "lane-2", func(tx central.JournalTx) error {
		fresh, err := tx.ProjectSale(ctx, s, other[0])
		if err == nil && fresh {
			return errors.New("a sale id already recorded from lane-1 was recorded again")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testIngestTxCancelled(t *testing.T, newDatabase NewDatabase) {
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := st.IngestTx(ctx, "lane-1", func(tx central.JournalTx) error {
		for _, e := range es {
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		t.Fatal("IngestTx with a cancelled context succeeded")
	}
	checkHeld(t, st, "lane-1", nil)
	if ack, err := ingest(context.Background(), st, "lane-1", es); err != nil || ack.AckedSeq != 2 {
		t.Fatalf("ingest after a cancelled one: %+v, %v", ack, err)
	}
}

func testDeviceEventsPaging(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 20)
	if _, err := ingest(ctx, st, "lane-1", es); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest(ctx, st, "lane-2", Chain(t, "lane-2", nil, 5)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		after     int64
		limit     int
		from, to  int64 // seqs expected, inclusive; from > to: none
		wantCount int
	}{
		{0, 10, 1, 10, 10},
		{5, 3, 6, 8, 3},
		{10, 10, 11, 20, 10},
		{18, 10, 19, 20, 2},
		{20, 5, 1, 0, 0},
		{99, 5, 1, 0, 0},
		{0, 0, 1, 0, 0},
		{0, 1000, 1, 20, 20},
	}
	for _, tt := range tests {
		got, err := st.DeviceEvents(ctx, "lane-1", tt.after, tt.limit)
		if err != nil || len(got) != tt.wantCount {
			t.Fatalf("after %d limit %d: %d events, %v; want %d", tt.after, tt.limit, len(got), err, tt.wantCount)
		}
		for i, e := range got {
			if e.Seq != tt.from+int64(i) || e.Hash != es[e.Seq-1].Hash || e.DeviceID != "lane-1" {
				t.Fatalf("after %d limit %d: event %d is seq %d of %s", tt.after, tt.limit, i, e.Seq, e.DeviceID)
			}
		}
	}
	if n, err := st.DeviceEventCount(ctx, "lane-2"); err != nil || n != 5 {
		t.Fatalf("lane-2 count %d, %v", n, err)
	}
}

func testDeviceSales(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	es := Chain(t, "lane-1", nil, 12)
	if _, err := ingest(ctx, st, "lane-1", es); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 5, 12, 50} {
		sales, err := st.DeviceSales(ctx, "lane-1", limit)
		if err != nil || len(sales) != min(limit, 12) {
			t.Fatalf("limit %d: %d sales, %v", limit, len(sales), err)
		}
		for i, s := range sales {
			var want pos.Sale
			_ = json.Unmarshal(es[i].Payload, &want)
			if s.Number != int64(i+1) || s.ID != want.ID || s.Totals.Total != want.Totals.Total || s.DeviceID != "lane-1" || len(s.Lines) != len(want.Lines) {
				t.Fatalf("limit %d: sale %d is %+v; want %+v", limit, i, s, want)
			}
		}
	}
}

func testDeviceUnknown(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	if _, ok, err := st.DeviceHead(ctx, "nobody"); err != nil || ok {
		t.Fatalf("head of an unknown device: %v, %v", ok, err)
	}
	if n, err := st.DeviceEventCount(ctx, "nobody"); err != nil || n != 0 {
		t.Fatalf("count %d, %v", n, err)
	}
	if es, err := st.DeviceEvents(ctx, "nobody", 0, 10); err != nil || len(es) != 0 {
		t.Fatalf("events %d, %v", len(es), err)
	}
	if ss, err := st.DeviceSales(ctx, "nobody", 10); err != nil || len(ss) != 0 {
		t.Fatalf("sales %d, %v", len(ss), err)
	}
}

func products(t testing.TB, n int) []pos.Product {
	t.Helper()
	ps, err := samplecatalog.Generate(n)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// feed reads every change after cursor in pages of size.
func feed(t *testing.T, st central.Storage, after int64, size int) (live map[string]pos.Product, removed []string, cursor int64, pages int) {
	t.Helper()
	live, cursor = map[string]pos.Product{}, after
	for {
		page, err := st.CatalogChanges(context.Background(), cursor, size)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.Cursor < cursor || (len(page.Products)+len(page.Removed) > 0 && page.Cursor == cursor) {
			t.Fatalf("page after %d moved the cursor to %d", cursor, page.Cursor)
		}
		if n := len(page.Products) + len(page.Removed); n > size {
			t.Fatalf("page of %d changes; limit %d", n, size)
		}
		for _, p := range page.Products {
			live[p.SKU] = p
		}
		for _, sku := range page.Removed {
			delete(live, sku)
			removed = append(removed, sku)
		}
		cursor = page.Cursor
		if !page.More {
			return live, removed, cursor, pages
		}
	}
}

func testUpsertCursor(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	if cur, err := st.CatalogCursor(ctx); err != nil || cur != 0 {
		t.Fatalf("empty catalog cursor %d, %v", cur, err)
	}
	ps := products(t, 10)
	changed := slices.Clone(ps[:3])
	changed[1].Price += 5
	steps := []struct {
		name       string
		upsert     []pos.Product
		wantCursor int64
		wantCount  int64
	}{
		{"ten new", ps, 10, 10},
		{"same ten again", ps, 10, 10},
		{"one of three changed", changed, 11, 10},
		{"nothing", nil, 11, 10},
		{"two new", products(t, 12)[10:], 13, 12},
	}
	for _, s := range steps {
		cur, err := st.UpsertProducts(ctx, s.upsert)
		if err != nil || cur != s.wantCursor {
			t.Fatalf("%s: cursor %d, %v; want %d", s.name, cur, err, s.wantCursor)
		}
		if c, err := st.CatalogCursor(ctx); err != nil || c != s.wantCursor {
			t.Fatalf("%s: CatalogCursor %d, %v; want %d", s.name, c, err, s.wantCursor)
		}
		if n, err := st.ProductCount(ctx); err != nil || n != s.wantCount {
			t.Fatalf("%s: %d products, %v; want %d", s.name, n, err, s.wantCount)
		}
	}
	// The changed product moved to the end of the feed; the rest kept their place.
	page, err := st.CatalogChanges(ctx, 10, 10)
	if err != nil || len(page.Products) != 3 || page.Products[0].SKU != changed[1].SKU || page.Products[0].Price != changed[1].Price || page.Cursor != 13 {
		t.Fatalf("changes after 10: %+v, %v", page, err)
	}
	// A product read back is the product stored.
	live, _, _, _ := feed(t, st, 0, 100)
	want := changed[1]
	got := live[want.SKU]
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Fatalf("product read back\n%s\nwant\n%s", gb, wb)
	}
}

func testFeedPaging(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	ps := products(t, 25)
	if _, err := st.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		after    int64
		limit    int
		n        int
		more     bool
		wantNext int64
	}{
		{0, 10, 10, true, 10},
		{10, 10, 10, true, 20},
		{20, 10, 5, false, 25},
		{25, 10, 0, false, 25},
		{0, 25, 25, false, 25},
		{0, 24, 24, true, 24},
		{3, 1, 1, true, 4},
		{100, 10, 0, false, 100},
	}
	for _, p := range pages {
		page, err := st.CatalogChanges(ctx, p.after, p.limit)
		if err != nil || len(page.Products) != p.n || page.More != p.more || page.Cursor != p.wantNext {
			t.Fatalf("after %d limit %d: %d products, more %v, cursor %d (%v); want %d, %v, %d",
				p.after, p.limit, len(page.Products), page.More, page.Cursor, err, p.n, p.more, p.wantNext)
		}
		for i, got := range page.Products {
			if got.SKU != ps[int(p.after)+i].SKU {
				t.Fatalf("after %d: product %d is %s; want %s (cursor order)", p.after, i, got.SKU, ps[int(p.after)+i].SKU)
			}
		}
	}
	live, _, cur, n := feed(t, st, 0, 7)
	if len(live) != 25 || cur != 25 || n != 4 {
		t.Fatalf("bootstrap in pages of 7: %d products, cursor %d, %d pages", len(live), cur, n)
	}
}

func testRemoval(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	ps := products(t, 6)
	if _, err := st.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name       string
		remove     []string
		upsert     []pos.Product
		wantCursor int64
		wantCount  int64
	}{
		{"remove two", []string{ps[1].SKU, ps[4].SKU}, nil, 8, 4},
		{"remove them again", []string{ps[4].SKU, ps[1].SKU}, nil, 8, 4},
		{"unknown sku", []string{"NO-SUCH-SKU"}, nil, 8, 4},
		{"one twice in one call", []string{ps[0].SKU, ps[0].SKU}, nil, 9, 3},
		{"nothing", nil, nil, 9, 3},
		{"bring one back", nil, ps[1:2], 10, 4},
	}
	for _, s := range steps {
		var cur int64
		var err error
		if s.remove != nil || s.upsert == nil {
			cur, err = st.RemoveProducts(ctx, s.remove)
		} else {
			cur, err = st.UpsertProducts(ctx, s.upsert)
		}
		if err != nil || cur != s.wantCursor {
			t.Fatalf("%s: cursor %d, %v; want %d", s.name, cur, err, s.wantCursor)
		}
		if n, err := st.ProductCount(ctx); err != nil || n != s.wantCount {
			t.Fatalf("%s: %d products, %v; want %d", s.name, n, err, s.wantCount)
		}
	}
	page, err := st.CatalogChanges(ctx, 6, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(page.Removed, []string{ps[4].SKU, ps[0].SKU}) || len(page.Products) != 1 || page.Products[0].SKU != ps[1].SKU || page.Cursor != 10 {
		t.Fatalf("changes after 6: removed %v, products %d, cursor %d", page.Removed, len(page.Products), page.Cursor)
	}
	// ps[1] left seq 7 when it came back: the first change after 6 is seq 8.
	first, err := st.CatalogChanges(ctx, 6, 1)
	if err != nil || len(first.Removed) != 1 || first.Removed[0] != ps[4].SKU || first.Cursor != 8 || !first.More {
		t.Fatalf("first change after 6: %+v, %v", first, err)
	}
	live, _, _, _ := feed(t, st, 0, 4)
	if len(live) != 4 {
		t.Fatalf("a lane bootstrapping sees %d live products; want 4", len(live))
	}
}

// seq2 yields ps, then err (if not nil) after failAt products.
func seq2(ps []pos.Product, failAt int, err error) iter.Seq2[pos.Product, error] {
	return func(yield func(pos.Product, error) bool) {
		for i, p := range ps {
			if err != nil && i == failAt {
				yield(pos.Product{}, err)
				return
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

func testImportAllOrNothing(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	base := products(t, 5)
	if _, err := st.UpsertProducts(ctx, base); err != nil {
		t.Fatal(err)
	}
	ps := products(t, 300)
	changed := slices.Clone(ps)
	changed[0].Price += 1 // a change to a product already held
	errRow := errors.New("row 120: bad price")
	tests := []struct {
		name   string
		failAt int
	}{
		{"fails at the first row", 0},
		{"fails midway", 120},
		{"fails at the last row", 299},
	}
	for _, tt := range tests {
		_, err := st.ImportProducts(ctx, seq2(changed, tt.failAt, errRow))
		if !errors.Is(err, errRow) {
			t.Fatalf("%s: import returned %v; want the stream's error", tt.name, err)
		}
		if n, _ := st.ProductCount(ctx); n != 5 {
			t.Fatalf("%s: a failed import left %d products; want 5", tt.name, n)
		}
		if cur, _ := st.CatalogCursor(ctx); cur != 5 {
			t.Fatalf("%s: a failed import moved the cursor to %d", tt.name, cur)
		}
		if page, _ := st.CatalogChanges(ctx, 0, 10); len(page.Products) != 5 || page.Products[0].Price != base[0].Price {
			t.Fatalf("%s: a failed import changed the feed: %+v", tt.name, page)
		}
	}
	cur, err := st.ImportProducts(ctx, seq2(changed, 0, nil))
	if err != nil || cur != 5+296 { // products 1..4 unchanged keep their place; 0 changed and 295 new
		t.Fatalf("good import: cursor %d, %v; want %d", cur, err, 5+296)
	}
	if n, _ := st.ProductCount(ctx); n != 300 {
		t.Fatalf("%d products after import; want 300", n)
	}
	live, _, _, _ := feed(t, st, 0, 64)
	if len(live) != 300 || live[changed[0].SKU].Price != changed[0].Price {
		t.Fatalf("feed after import: %d products", len(live))
	}
	// An empty import changes nothing.
	if cur2, err := st.ImportProducts(ctx, seq2(nil, 0, nil)); err != nil || cur2 != cur {
		t.Fatalf("empty import: %d, %v", cur2, err)
	}
}

func testImportLarge(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	const n = 20000
	ps := products(t, n)
	cur, err := st.ImportProducts(ctx, seq2(ps, 0, nil))
	if err != nil || cur != n {
		t.Fatalf("import %d: cursor %d, %v", n, cur, err)
	}
	live, _, last, _ := feed(t, st, 0, 5000)
	if len(live) != n || last != n {
		t.Fatalf("bootstrap: %d products to cursor %d", len(live), last)
	}
	// Re-import with every tenth product changed: only those move.
	for i := 0; i < n; i += 10 {
		ps[i].Price++
	}
	cur, err = st.ImportProducts(ctx, seq2(ps, 0, nil))
	if err != nil || cur != n+n/10 {
		t.Fatalf("re-import: cursor %d, %v; want %d", cur, err, n+n/10)
	}
}

func testCatalogStream(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	st := one(newDatabase, t)
	ps := products(t, 40)
	if _, err := st.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RemoveProducts(ctx, []string{ps[3].SKU, ps[30].SKU}); err != nil {
		t.Fatal(err)
	}
	for _, after := range []int64{0, 20, 41, 42} {
		page, err := st.CatalogChanges(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []int64
		var gotProducts []pos.Product
		var gotRemoved []string
		err = st.CatalogStream(ctx, after, func(seq int64, sku string, body []byte) error {
			seqs = append(seqs, seq)
			if body == nil {
				gotRemoved = append(gotRemoved, sku)
				return nil
			}
			var p pos.Product
			if err := json.Unmarshal(body, &p); err != nil {
				return fmt.Errorf("seq %d body %q: %w", seq, body, err)
			}
			if p.SKU != sku {
				return fmt.Errorf("seq %d: body of %s under sku %s", seq, p.SKU, sku)
			}
			gotProducts = append(gotProducts, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.IsSorted(seqs) || (len(seqs) > 0 && (seqs[0] <= after || seqs[len(seqs)-1] != page.Cursor)) {
			t.Fatalf("after %d: stream seqs %v; feed cursor %d", after, seqs, page.Cursor)
		}
		if len(gotProducts) != len(page.Products) || !slices.Equal(gotRemoved, page.Removed) {
			t.Fatalf("after %d: stream %d products %v removed; feed %d products %v removed", after, len(gotProducts), gotRemoved, len(page.Products), page.Removed)
		}
		for i := range gotProducts {
			if gotProducts[i].SKU != page.Products[i].SKU || gotProducts[i].Price != page.Products[i].Price {
				t.Fatalf("after %d: stream product %d is %s; feed %s", after, i, gotProducts[i].SKU, page.Products[i].SKU)
			}
		}
	}
	// An error from fn ends the stream and comes back.
	errStop := errors.New("client went away")
	calls := 0
	err := st.CatalogStream(ctx, 0, func(int64, string, []byte) error { calls++; return errStop })
	if !errors.Is(err, errStop) || calls != 1 {
		t.Fatalf("stream after fn failed: %v, %d calls", err, calls)
	}
	// The store still answers afterwards.
	if n, err := st.ProductCount(ctx); err != nil || n != 38 {
		t.Fatalf("after a cut stream: %d products, %v", n, err)
	}
}

func testConcurrentCatalog(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	stores := []central.Storage{open(t), open(t)}
	const writers, calls, per = 4, 15, 5
	ps := products(t, writers*calls*per)
	var mu sync.Mutex
	cursors := map[int64]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := stores[w%2]
			for c := range calls {
				i := (w*calls + c) * per
				cur, err := st.UpsertProducts(ctx, ps[i:i+per])
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				dup := cursors[cur]
				cursors[cur] = true
				mu.Unlock()
				if dup {
					errs <- fmt.Errorf("two writes returned cursor %d", cur)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	total := int64(len(ps))
	for _, st := range stores {
		if cur, err := st.CatalogCursor(ctx); err != nil || cur != total {
			t.Fatalf("cursor %d, %v; want %d", cur, err, total)
		}
	}
	page, err := stores[1].CatalogChanges(ctx, 0, len(ps))
	if err != nil || len(page.Products) != len(ps) || page.Cursor != total {
		t.Fatalf("feed: %d products to %d, %v", len(page.Products), page.Cursor, err)
	}
	// Each write's products are contiguous in the feed: one write, one run of cursors.
	at := map[string]int{}
	for i, p := range page.Products {
		at[p.SKU] = i
	}
	for k := 0; k < len(ps); k += per {
		first := at[ps[k].SKU]
		for j := 1; j < per; j++ {
			if at[ps[k+j].SKU] != first+j {
				t.Fatalf("write at %d interleaved with another in the feed", k)
			}
		}
	}
}

// testFeedNeverSkips follows the feed by cursor while two processes write:
// a change committed with a lower cursor than one already read would be
// lost to the reader forever.
func testFeedNeverSkips(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	stores := []central.Storage{open(t), open(t), open(t)}
	const writes, per = 40, 3
	ps := products(t, 2*writes*per)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range writes {
				i := (w*writes + c) * per
				if _, err := stores[w].UpsertProducts(ctx, ps[i:i+per]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	writersDone := make(chan struct{})
	go func() { wg.Wait(); close(writersDone); close(errs) }()
	seen := map[string]bool{}
	var cursor int64
	for done := false; !done; {
		select {
		case <-writersDone:
			done = true // one more read after the last write
		default:
		}
		page, err := stores[2].CatalogChanges(ctx, cursor, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Products {
			seen[p.SKU] = true
		}
		cursor = page.Cursor
		for page.More && done {
			if page, err = stores[2].CatalogChanges(ctx, cursor, 7); err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Products {
				seen[p.SKU] = true
			}
			cursor = page.Cursor
		}
	}
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != len(ps) {
		t.Fatalf("a reader following the feed saw %d of %d products", len(seen), len(ps))
	}
}

func testStores(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	st, other := open(t), open(t)
	if ok, err := st.StoreExists(ctx, store); err != nil || ok {
		t.Fatalf("store exists in a fresh database: %v, %v", ok, err)
	}
	for range 2 {
		if err := st.EnsureStore(ctx, store); err != nil {
			t.Fatal(err)
		}
	}
	if err := other.EnsureStore(ctx, store); err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureStore(ctx, ""); err == nil {
		t.Fatal("a store with an empty id was recorded")
	}
	tests := []struct {
		id   string
		want bool
	}{{store, true}, {"store-2", false}, {"", false}, {"STORE-1", false}}
	for _, tt := range tests {
		for i, s := range []central.Storage{st, other} {
			if ok, err := s.StoreExists(ctx, tt.id); err != nil || ok != tt.want {
				t.Fatalf("process %d: StoreExists(%q) = %v, %v; want %v", i+1, tt.id, ok, err, tt.want)
			}
		}
	}
}

func testPingAndReopen(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	open := newDatabase(t)
	st := open(t)
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertProducts(ctx, products(t, 3)); err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureStore(ctx, store); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2 := open(t)
	if err := st2.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := st2.ProductCount(ctx); err != nil || n != 3 {
		t.Fatalf("after reopen: %d products, %v", n, err)
	}
	if ok, err := st2.StoreExists(ctx, store); err != nil || !ok {
		t.Fatalf("after reopen: store %v, %v", ok, err)
	}
	if cur, err := st2.CatalogCursor(ctx); err != nil || cur != 3 {
		t.Fatalf("after reopen: cursor %d, %v", cur, err)
	}
}
