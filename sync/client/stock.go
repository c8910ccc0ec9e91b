package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/sync/protocol"
)

// StockFeed reads the store's stock levels changed since the position
// (moves, counts) — all of them from 0/0 — with the journal heads of the
// devices named (the lane and the peers whose journals it holds).
func (c *Client) StockFeed(ctx context.Context, store string, moves, counts int64, devices []string) (protocol.StockPage, error) {
	q := url.Values{}
	q.Set("moves", strconv.FormatInt(moves, 10))
	q.Set("counts", strconv.FormatInt(counts, 10))
	for _, d := range devices {
		q.Add("device", d)
	}
	path := strings.Replace(protocol.PathStockFeed, "{store}", url.PathEscape(store), 1) + "?" + q.Encode()
	var p protocol.StockPage
	if err := c.do(ctx, http.MethodGet, path, nil, false, &p); err != nil {
		return protocol.StockPage{}, err
	}
	return p, nil
}
