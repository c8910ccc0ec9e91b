package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/omnilane/omnilane/sync/protocol"
)

// LedgerFeed reads a page of the chain's gift card and store credit
// balances changed since the position (all of them from 0), with the
// journal heads of the devices named (the lane and its peers).
func (c *Client) LedgerFeed(ctx context.Context, lq protocol.LedgerQuery) (protocol.LedgerPage, error) {
	q := url.Values{}
	q.Set("since", strconv.FormatInt(lq.Since, 10))
	if lq.AfterKind != "" || lq.AfterAccount != "" {
		q.Set("after_kind", lq.AfterKind)
		q.Set("after_account", lq.AfterAccount)
	}
	if lq.Limit > 0 {
		q.Set("limit", strconv.Itoa(lq.Limit))
	}
	for _, d := range lq.Devices {
		q.Add("device", d)
	}
	var p protocol.LedgerPage
	if err := c.do(ctx, http.MethodGet, protocol.PathLedgerFeed+"?"+q.Encode(), nil, false, &p); err != nil {
		return protocol.LedgerPage{}, err
	}
	return p, nil
}
