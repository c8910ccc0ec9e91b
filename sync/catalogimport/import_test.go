package catalogimport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
)

func openDB(t *testing.T) *sqlitestore.DB {
	t.Helper()
	db, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "central.db"), pos.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const header = "sku,name,name_en,barcodes,price,currency,tax_rate,by_weight,category,age_restricted\n"

func TestCSVRejectsEveryBadRowAndImportsNothing(t *testing.T) {
	file := header +
		"A1,Café molido 250 g,Ground coffee 250 g,8410000000009,2.89,EUR,1000,false,despensa,false\n" + // line 2 ok
		"A2,,Milk,8410000000023,0.99,EUR,400,,,\n" + // 3: no name
		"A3,Leche,,8410000000024,0.99,EUR,400,,,\n" + // 4: bad check digit
		"A4,Pan,,,1.234,EUR,400,,,\n" + // 5: three decimals
		"A5,Vino,,,5.49,EUR,21%,,,maybe\n" + // 6: tax not bp; bad bool
		"A1,Duplicado,,,1.00,EUR,400,,,\n" + // 7: duplicate sku
		"A6,Otro café,,8410000000009,1.00,XXX,400,,,\n" + // 8: dup barcode; bad currency
		"A7,Corto,1.00\n" + // 9: wrong field count
		"A8,Plátano,,4011,1.99,EUR,400,true,fruta,false\n" // 10 ok (PLU)
	db := openDB(t)
	ctx := context.Background()
	before, _ := db.CatalogCursor(ctx)
	rep, err := catalogimport.Import(ctx, strings.NewReader(file), catalogimport.CSV, db)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line  int
		field string
	}{{3, "name"}, {4, "barcodes"}, {5, "price"}, {6, "tax_rate"}, {6, "age_restricted"}, {7, "sku"}, {8, "currency"}, {8, "barcodes"}, {9, ""}}
	got := map[[2]any]bool{}
	for _, e := range rep.Errors {
		got[[2]any{e.Line, e.Field}] = true
		if e.Reason == "" {
			t.Errorf("error without a reason: %+v", e)
		}
	}
	for _, w := range want {
		if !got[[2]any{w.line, w.field}] {
			t.Errorf("no error for line %d field %q; got %+v", w.line, w.field, rep.Errors)
		}
	}
	if rep.OK() || rep.Rows != 9 || rep.Rejected != 7 || rep.Imported != 0 {
		t.Fatalf("report rows %d rejected %d imported %d", rep.Rows, rep.Rejected, rep.Imported)
	}
	if after, _ := db.CatalogCursor(ctx); after != before {
		t.Fatal("a rejected file changed the catalog")
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name, file, field string
	}{
		{"unknown column", "sku,name,price,tax_rate,colour\n", "colour"},
		{"missing price", "sku,name,tax_rate\n", "price"},
		{"empty file", "", ""},
	}
	for _, tt := range tests {
		rep, err := catalogimport.Check(strings.NewReader(tt.file), catalogimport.CSV)
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || rep.Errors[0].Line != 1 || !hasField(rep, tt.field) {
			t.Errorf("%s: %+v", tt.name, rep.Errors)
		}
	}
}

func hasField(rep *catalogimport.Report, f string) bool {
	for _, e := range rep.Errors {
		if e.Field == f {
			return true
		}
	}
	return false
}

func TestSampleCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := samplecatalog.WriteCSV(&buf, 2000); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	ctx := context.Background()
	rep, err := catalogimport.Import(ctx, bytes.NewReader(buf.Bytes()), catalogimport.CSV, db)
	if err != nil || !rep.OK() || rep.Imported != 2000 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	page, err := db.CatalogChanges(ctx, 0, 2000)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range page.Products {
		want, _ := samplecatalog.Product(i)
		a, _ := json.Marshal(p)
		b, _ := json.Marshal(want)
		if !bytes.Equal(a, b) {
			t.Fatalf("product %d imported as %s; want %s", i, a, b)
		}
	}
	// The same file again changes nothing.
	again, err := catalogimport.Import(ctx, bytes.NewReader(buf.Bytes()), catalogimport.CSV, db)
	if err != nil || again.Cursor != rep.Cursor {
		t.Fatalf("re-import moved the cursor %d→%d (%v)", rep.Cursor, again.Cursor, err)
	}
}

func TestNDJSON(t *testing.T) {
	file := `{"sku":"N1","name":"Café molido 250 g","barcodes":["8410000000009"],"price":289,"currency":"EUR","tax_rate":1000}

{"sku":"N2","name":"Leche","price":-1,"currency":"EUR","tax_rate":400}
{"sku":"N3","name":"Pan","price":99,"currency":"EUR","tax_rate":400,"colour":"red"}
{"sku":"N4","name":"Cut
`
	db := openDB(t)
	rep, err := catalogimport.Import(context.Background(), strings.NewReader(file), catalogimport.NDJSON, db)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4 || rep.Rejected != 3 || rep.Imported != 0 {
		t.Fatalf("report %+v", rep)
	}
	for i, line := range []int{3, 4, 5} {
		if rep.Errors[i].Line != line {
			t.Fatalf("errors %+v", rep.Errors)
		}
	}
	good := strings.SplitN(file, "\n", 2)[0] + "\n"
	rep, err = catalogimport.Import(context.Background(), strings.NewReader(good), catalogimport.NDJSON, db)
	if err != nil || !rep.OK() || rep.Imported != 1 {
		t.Fatalf("good file: %+v, %v", rep, err)
	}
	page, _ := db.CatalogChanges(context.Background(), 0, 10)
	if len(page.Products) != 1 || page.Products[0].Barcodes[0] != "08410000000009" {
		t.Fatalf("imported %+v", page.Products)
	}
}
