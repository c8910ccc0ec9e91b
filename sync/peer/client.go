package peer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Client talks to one peer lane's Server.
type Client struct {
	// Addr is the peer's host:port.
	Addr string
	// HTTP sends the requests; nil uses http.DefaultClient.
	HTTP *http.Client
	// Token, when set, is sent as a bearer token.
	Token string
}

func (c Client) get(ctx context.Context, path string, decode func(io.Reader) error) error {
	u := "http://" + c.Addr + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("peer %s: %w", c.Addr, err)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("peer %s: %w", c.Addr, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("peer %s %s: %w", c.Addr, strings.SplitN(path, "?", 2)[0], protocol.ReadError(resp))
	}
	if err := decode(resp.Body); err != nil {
		return fmt.Errorf("peer %s: %w", c.Addr, err)
	}
	return nil
}

// Hello asks the peer who it is.
func (c Client) Hello(ctx context.Context) (Hello, error) {
	var h Hello
	err := c.get(ctx, PathHello, func(r io.Reader) (err error) { h, err = DecodeHello(r); return err })
	return h, err
}

// Journal reads up to limit entries of the peer's journal after seq after.
func (c Client) Journal(ctx context.Context, after int64, limit int) (JournalPage, error) {
	var p JournalPage
	path := PathJournal + "?after=" + strconv.FormatInt(after, 10) + "&limit=" + strconv.Itoa(limit)
	err := c.get(ctx, path, func(r io.Reader) (err error) { p, err = DecodeJournalPage(r); return err })
	return p, err
}

// Sale asks the peer for one of its own sales by receipt code. The answer is
// not chain-verified; the Puller's verified copies are the offline source.
func (c Client) Sale(ctx context.Context, code string) (pos.Sale, error) {
	var s pos.Sale
	path := strings.Replace(PathSale, "{code}", url.PathEscape(code), 1)
	err := c.get(ctx, path, func(r io.Reader) error { return decodeOne(r, maxSmallBody, &s) })
	if protocol.CodeOf(err) == protocol.CodeNotFound {
		return pos.Sale{}, &pos.Error{Code: pos.ENOTFOUND, Message: "peer " + c.Addr + " has no sale " + code, Err: err}
	}
	return s, err
}
