package central_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/protocol"
)

// TestAdminCustomersValidates: a summary without an id or a name is refused
// with bad_request and nothing of the request is stored.
func TestAdminCustomersValidates(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	for _, bad := range []pos.Customer{{Name: "Sin id"}, {ID: "C-1"}, {ID: "C-2", Name: "Neg", Points: -1}} {
		err := h.c.Post(ctx, central.PathAdminCustomers, central.CustomersChange{Customers: []pos.Customer{{ID: "C-ok", Name: "Ok"}, bad}}, &central.ProductChangeResult{})
		if protocol.CodeOf(err) != protocol.CodeBadRequest {
			t.Errorf("%+v: %v; want bad_request", bad, err)
		}
	}
	page, err := h.c.Customers(ctx, "store-1", 0, 10)
	if err != nil || len(page.Customers) != 0 || page.Cursor != 0 {
		t.Fatalf("after refused requests: %+v, %v", page, err)
	}
	var res central.ProductChangeResult
	if err := h.c.Post(ctx, central.PathAdminCustomers, central.CustomersChange{Customers: []pos.Customer{{ID: "C-ok", Name: "Ok"}}}, &res); err != nil || res.Cursor != 1 {
		t.Fatalf("valid summary: %+v, %v", res, err)
	}
}

// TestAdminCustomersImport: a customers file with a bad row is refused
// whole with the line and field; a good one is imported and reaches the
// store's customers feed.
func TestAdminCustomersImport(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	post := func(body, ctype string) (int, catalogimport.Report) {
		t.Helper()
		resp, err := http.Post(h.ts.URL+central.PathAdminCustomersImport, ctype, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rep catalogimport.Report
		_ = json.NewDecoder(resp.Body).Decode(&rep)
		return resp.StatusCode, rep
	}
	good := "id,home_store,name,phone,email,tier,points\nC-1,store-1,Lucía Pérez,600111222,lucia@example.com,oro,1250\nC-2,store-2,Jon,,,,\n"
	if code, rep := post(good+"C-3,,Ana,,,,muchos\n", "text/csv"); code != 422 || rep.Imported != 0 || rep.Errors[0].Line != 4 || rep.Errors[0].Field != "points" {
		t.Fatalf("bad file: %d %+v", code, rep)
	}
	if page, err := h.c.Customers(ctx, "store-1", 0, 10); err != nil || page.Cursor != 0 {
		t.Fatalf("a rejected file left %+v, %v", page, err)
	}
	if code, rep := post(good, "text/csv"); code != 200 || rep.Imported != 2 || rep.Cursor != 2 {
		t.Fatalf("good file: %d %+v", code, rep)
	}
	if code, _ := post(`{"id":"C-9","name":"x"}`, "application/pdf"); code != 400 {
		t.Fatalf("unknown type answered %d", code)
	}
	page, err := h.c.Customers(ctx, "store-1", 0, 10)
	if err != nil || len(page.Customers) != 1 || page.Customers[0].Points != 1250 || len(page.Removed) != 1 {
		t.Fatalf("store-1 feed after import: %+v, %v", page, err)
	}
}
