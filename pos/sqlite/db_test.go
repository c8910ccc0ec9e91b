package sqlite_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openTemp(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lane.db")
	db, err := sqlite.Open(context.Background(), path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func gtin(t *testing.T, code string) string {
	t.Helper()
	g, err := pos.NormalizeGTIN(code)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func seed(t *testing.T, db *sqlite.DB) {
	t.Helper()
	err := db.ApplyCatalog(context.Background(), pos.CatalogDelta{Cursor: 7, Products: []pos.Product{
		{SKU: "CAF-250", Name: "Café molido 250 g", NameEN: "Ground coffee 250 g", Barcodes: []string{gtin(t, "8410001000015")}, Price: 349, Currency: "EUR", TaxRate: 1000},
		{SKU: "LEC-1L", Name: "Leche entera 1 L", NameEN: "Whole milk 1 L", Barcodes: []string{gtin(t, "8410001000022"), gtin(t, "12345670")}, Price: 95, Currency: "EUR", TaxRate: 400},
		{SKU: "VIN-75", Name: "Vino tinto Rioja 75 cl", Barcodes: []string{gtin(t, "8410001000039")}, Price: 899, Currency: "EUR", TaxRate: 2100},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCatalogLookupAndSearch(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	seed(t, db)
	keys, _ := pos.LookupKeys("12345670")
	p, err := db.ProductByCode(ctx, keys)
	if err != nil || p.SKU != "LEC-1L" {
		t.Fatalf("EAN-8 lookup = %+v, %v", p, err)
	}
	keys, _ = pos.LookupKeys("8410001000099")
	if _, err := db.ProductByCode(ctx, keys); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown code: err %v, want not_found", err)
	}
	for _, tc := range []struct{ q, want string }{{"cafe", "CAF-250"}, {"CAFÉ mol", "CAF-250"}, {"rio", "VIN-75"}, {"whole", "LEC-1L"}} {
		got, err := db.SearchProducts(ctx, tc.q, 20)
		if err != nil || len(got) != 1 || got[0].SKU != tc.want {
			t.Errorf("search %q = %v, %v; want %s", tc.q, got, err, tc.want)
		}
	}
	if got, err := db.SearchProducts(ctx, `"*(`, 20); err != nil || len(got) != 0 {
		t.Errorf("search of syntax characters = %v, %v; want nothing and no error", got, err)
	}
	if c, _ := db.CatalogCursor(ctx); c != 7 {
		t.Errorf("cursor = %d, want 7", c)
	}
}

func TestApplyCatalogIsAtomic(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	seed(t, db)
	err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 9, Products: []pos.Product{
		{SKU: "CAF-250", Name: "Café molido 250 g", Price: 399, Currency: "EUR", TaxRate: 1000},
		{SKU: "BAD", Name: "", Price: 1, Currency: "EUR"},
	}})
	if err == nil {
		t.Fatal("a delta with an invalid product was applied")
	}
	p, _ := db.ProductBySKU(ctx, "CAF-250")
	if p.Price != 349 {
		t.Errorf("price changed to %d by a rejected delta", p.Price)
	}
	if c, _ := db.CatalogCursor(ctx); c != 7 {
		t.Errorf("cursor moved to %d by a rejected delta", c)
	}
}

func ringSale(t *testing.T, db *sqlite.DB, n int) pos.Sale {
	t.Helper()
	ctx := context.Background()
	s := pos.Sale{ID: "sale-" + string(rune('a'+n)), DeviceID: "lane-1", StoreID: "s1", Currency: "EUR",
		Lines:   []pos.Line{{No: 1, SKU: "CAF-250", Name: "Café", Qty: 2, UnitPrice: 349, Amount: 698, TaxRate: 1000}},
		Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: 698, Received: 1000, Change: 302}}, Change: 302,
		At: time.Date(2026, 12, 6, 10, 0, n, 0, time.UTC)}
	s.Totals = pos.ComputeTotals(s.Lines)
	ev := pos.Event{DeviceID: "lane-1", ID: "ev-" + s.ID, HLC: int64(n + 1), At: s.At}
	sealed, err := db.CommitSale(ctx, &s, ev)
	if err != nil {
		t.Fatal(err)
	}
	if sealed.Type != pos.EventSaleCompleted || sealed.Seq != int64(n+1) {
		t.Fatalf("sealed event = %+v", sealed)
	}
	return s
}

func TestCommitSaleWritesEverythingOnce(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	seed(t, db)
	s1 := ringSale(t, db, 0)
	s2 := ringSale(t, db, 1)
	if s1.Number != 1 || s2.Number != 2 {
		t.Fatalf("receipt numbers %d, %d; want 1, 2", s1.Number, s2.Number)
	}
	got, err := db.SaleByID(ctx, s2.ID)
	if err != nil || got.Totals.Total != 698 || got.Number != 2 {
		t.Fatalf("SaleByID = %+v, %v", got, err)
	}
	jobs, _ := db.PendingReceiptJobs(ctx, 10)
	if len(jobs) != 2 {
		t.Fatalf("pending receipt jobs = %d, want 2", len(jobs))
	}
	if err := db.FinishReceiptJob(ctx, jobs[0].ID, errors.New("paper out")); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishReceiptJob(ctx, jobs[1].ID, nil); err != nil {
		t.Fatal(err)
	}
	jobs, _ = db.PendingReceiptJobs(ctx, 10)
	if len(jobs) != 1 || jobs[0].LastError != "paper out" || jobs[0].Attempts != 1 {
		t.Fatalf("after one failure and one success: %+v", jobs)
	}
	var moves int64
	db.SQL().QueryRow(`SELECT sum(delta) FROM stock_movements WHERE sku='CAF-250'`).Scan(&moves)
	if moves != -4 {
		t.Errorf("stock movements sum %d, want -4", moves)
	}
	// The journal event carries the sale exactly as stored, and survives a reopen.
	db.Close()
	db2, err := sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	evs, _ := db2.EventsAfter(ctx, 0, 10)
	if len(evs) != 2 || !strings.Contains(string(evs[1].Payload), s2.ID) {
		t.Fatalf("journal = %+v", evs)
	}
	if n, err := db2.VerifyJournal(ctx); err != nil || n != 2 {
		t.Fatalf("verify = %d, %v", n, err)
	}
	if _, err := sqlite.Open(ctx, path, "lane-2", quiet); err == nil {
		t.Error("another device opened lane-1's journal")
	}
}

func TestAckedSeq(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	seed(t, db)
	ringSale(t, db, 0)
	ringSale(t, db, 1)
	if err := db.SetAckedSeq(ctx, 3); err == nil {
		t.Error("ack past the journal's end accepted")
	}
	if err := db.SetAckedSeq(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAckedSeq(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if a, _ := db.AckedSeq(ctx); a != 2 {
		t.Errorf("acked = %d after an older ack; want 2", a)
	}
	if p, _ := db.PendingEvents(ctx); p != 0 {
		t.Errorf("pending = %d", p)
	}
}

// Tampering with the file by hand is caught and named.
func TestVerifyJournalNamesTampering(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		seq       int64
		reason    string
	}{
		{"edit", `UPDATE journal SET payload = replace(payload, '698', '100') WHERE seq = 2`, 2, "edited"},
		{"delete", `DELETE FROM journal WHERE seq = 2`, 2, "missing"},
		{"reorder", `UPDATE journal SET seq = seq + 100 WHERE seq = 2; UPDATE journal SET seq = 2 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 102`, 2, "prev_hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := openTemp(t)
			seed(t, db)
			for i := range 3 {
				ringSale(t, db, i)
			}
			if _, err := db.SQL().Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			_, err := db.VerifyJournal(ctx)
			var ce *pos.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("verify after %s = %v, want a chain error", tc.name, err)
			}
			if ce.Seq != tc.seq || !strings.Contains(ce.Reason, tc.reason) {
				t.Errorf("chain error = %v; want seq %d and %q", ce, tc.seq, tc.reason)
			}
		})
	}
}

// A product's barcodes are replaced by the ones a delta brings, and a
// barcode given to another product moves to it — within one delta too.
func TestApplyCatalogReplacesBarcodes(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	seed(t, db)
	a, b, c := gtin(t, "8410001000015"), gtin(t, "8410001000022"), gtin(t, "12345670")
	err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 8, Products: []pos.Product{
		{SKU: "CAF-250", Name: "Café molido 250 g", Barcodes: []string{b}, Price: 349, Currency: "EUR", TaxRate: 1000},
		{SKU: "LEC-1L", Name: "Leche entera 1 L", Barcodes: []string{c, b}, Price: 95, Currency: "EUR", TaxRate: 400},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{b: "LEC-1L", c: "LEC-1L"} {
		p, err := db.ProductByCode(ctx, []string{code})
		if err != nil || p.SKU != want {
			t.Errorf("%s → %+v, %v; want %s", code, p.SKU, err, want)
		}
	}
	if _, err := db.ProductByCode(ctx, []string{a}); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Errorf("the coffee's old barcode still rings: %v", err)
	}
}
