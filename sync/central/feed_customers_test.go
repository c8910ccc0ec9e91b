package central_test

import (
	"context"
	"testing"

	"github.com/omnilane/omnilane/pos"
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
