package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/sync/protocol"
)

// Customers reads up to limit customer summary changes of a store after cursor.
func (c *Client) Customers(ctx context.Context, store string, cursor int64, limit int) (protocol.CustomersPage, error) {
	path := strings.Replace(protocol.PathCustomers, "{store}", url.PathEscape(store), 1) +
		"?cursor=" + strconv.FormatInt(cursor, 10) + "&limit=" + strconv.Itoa(limit)
	var p protocol.CustomersPage
	if err := c.do(ctx, http.MethodGet, path, nil, false, &p); err != nil {
		return protocol.CustomersPage{}, err
	}
	return p, nil
}
