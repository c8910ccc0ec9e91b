package central_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central"
)

func TestAdminImportEndpoint(t *testing.T) {
	h := newHarness(t)
	var buf bytes.Buffer
	if err := samplecatalog.WriteCSV(&buf, 30); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	post := func(body, ctype string) (int, catalogimport.Report) {
		resp, err := http.Post(h.ts.URL+central.PathAdminImport, ctype, bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rep catalogimport.Report
		_ = json.NewDecoder(resp.Body).Decode(&rep)
		return resp.StatusCode, rep
	}
	if code, rep := post(good+"X1,,,,1.00,EUR,400,,,\n", "text/csv"); code != 422 || rep.Imported != 0 || rep.Errors[0].Line != 32 || rep.Errors[0].Field != "name" {
		t.Fatalf("bad file: %d %+v", code, rep)
	}
	if n, _ := h.db.ProductCount(context.Background()); n != 0 {
		t.Fatalf("a rejected upload left %d products", n)
	}
	if code, rep := post(good, "text/csv; charset=utf-8"); code != 200 || rep.Imported != 30 {
		t.Fatalf("good file: %d %+v", code, rep)
	}
	if code, _ := post(good, "application/pdf"); code != 400 {
		t.Fatalf("unknown type answered %d", code)
	}
	page, err := h.c.Feed(context.Background(), "store-1", 0, 100, 0)
	if err != nil || len(page.Products) != 30 {
		t.Fatalf("feed after import: %d, %v", len(page.Products), err)
	}
}
