package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/sync/protocol"
)

// StockFeed reads a page of the store's stock levels changed since the
// position (all of them from 0/0), with the journal heads of the devices
// named (the lane and the peers whose journals it holds).
func (c *Client) StockFeed(ctx context.Context, store string, sq protocol.StockQuery) (protocol.StockPage, error) {
	q := url.Values{}
	q.Set("moves", strconv.FormatInt(sq.Moves, 10))
	q.Set("counts", strconv.FormatInt(sq.Counts, 10))
	if sq.After != "" {
		q.Set("after", sq.After)
	}
	if sq.Limit > 0 {
		q.Set("limit", strconv.Itoa(sq.Limit))
	}
	for _, d := range sq.Devices {
		q.Add("device", d)
	}
	path := strings.Replace(protocol.PathStockFeed, "{store}", url.PathEscape(store), 1) + "?" + q.Encode()
	var p protocol.StockPage
	if err := c.do(ctx, http.MethodGet, path, nil, false, &p); err != nil {
		return protocol.StockPage{}, err
	}
	return p, nil
}
