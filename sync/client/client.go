// Package client speaks the v1 sync protocol to central over HTTP: push a
// journal batch, read a catalog feed page, read central's record of a
// device, change the catalog (admin). The sync agent, the demo and tests use it.
package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/omnilane/omnilane/sync/protocol"
)

// gzipAbove is the body size past which a journal batch is sent gzipped.
const gzipAbove = 64 << 10

// maxAnswer bounds an answer body (a feed page of MaxFeedLimit products).
const maxAnswer = 256 << 20

// Client talks to one central server.
type Client struct {
	base       string
	hc         *http.Client
	credential string
}

// New returns a client for central at baseURL (e.g. "http://127.0.0.1:8080")
// using hc. credential, if not empty, is sent as a bearer token.
func New(baseURL string, hc *http.Client, credential string) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("central URL %q: want http(s)://host:port", baseURL)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: hc, credential: credential}, nil
}

// BaseURL returns central's base URL.
func (c *Client) BaseURL() string { return c.base }

// do sends a request and decodes a 2xx JSON answer into out; any other
// answer becomes a *protocol.Error, a failure to reach central a wrapped
// network error.
func (c *Client) do(ctx context.Context, method, path string, body io.Reader, gz bool, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
	}
	if c.credential != "" {
		req.Header.Set("Authorization", "Bearer "+c.credential)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return protocol.ReadError(resp)
	}
	// net/http transparently un-gzips when it asked for gzip itself.
	dec := json.NewDecoder(io.LimitReader(resp.Body, maxAnswer))
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return nil
}

// PushBatch sends a journal batch and returns central's acknowledgement.
// A rejection is a *protocol.Error whose AckedSeq says what central holds.
func (c *Client) PushBatch(ctx context.Context, b protocol.JournalBatch) (protocol.JournalAck, error) {
	raw, err := json.Marshal(b)
	if err != nil {
		return protocol.JournalAck{}, fmt.Errorf("encode batch: %w", err)
	}
	gz := len(raw) > gzipAbove
	if gz {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if _, err := zw.Write(raw); err != nil {
			return protocol.JournalAck{}, fmt.Errorf("gzip batch: %w", err)
		}
		if err := zw.Close(); err != nil {
			return protocol.JournalAck{}, fmt.Errorf("gzip batch: %w", err)
		}
		raw = buf.Bytes()
	}
	var ack protocol.JournalAck
	if err := c.do(ctx, http.MethodPost, protocol.PathJournal, bytes.NewReader(raw), gz, &ack); err != nil {
		return protocol.JournalAck{}, err
	}
	if ack.DeviceID != b.DeviceID {
		return protocol.JournalAck{}, fmt.Errorf("central acknowledged device %q for a batch of %q", ack.DeviceID, b.DeviceID)
	}
	return ack, nil
}

// Feed reads one catalog page of store after cursor; wait > 0 asks central
// to hold the request until there is a change or wait passes.
func (c *Client) Feed(ctx context.Context, store string, cursor int64, limit int, wait time.Duration) (protocol.FeedPage, error) {
	q := url.Values{}
	q.Set("cursor", strconv.FormatInt(cursor, 10))
	q.Set("limit", strconv.Itoa(limit))
	if wait > 0 {
		q.Set("wait", wait.String())
	}
	path := strings.Replace(protocol.PathCatalog, "{store}", url.PathEscape(store), 1) + "?" + q.Encode()
	var page protocol.FeedPage
	if err := c.do(ctx, http.MethodGet, path, nil, false, &page); err != nil {
		return protocol.FeedPage{}, err
	}
	return page, nil
}

// DeviceRecord reads what central holds for a device: its high-water mark,
// up to limit entries after seq after, and its sales.
func (c *Client) DeviceRecord(ctx context.Context, device string, after int64, limit int) (protocol.DeviceRecord, error) {
	path := strings.Replace(protocol.PathDevice, "{device}", url.PathEscape(device), 1) +
		"?after=" + strconv.FormatInt(after, 10) + "&limit=" + strconv.Itoa(limit)
	var rec protocol.DeviceRecord
	if err := c.do(ctx, http.MethodGet, path, nil, false, &rec); err != nil {
		return protocol.DeviceRecord{}, err
	}
	return rec, nil
}

// Health asks central whether it is up.
func (c *Client) Health(ctx context.Context) (protocol.Health, error) {
	var h protocol.Health
	if err := c.do(ctx, http.MethodGet, protocol.PathHealth, nil, false, &h); err != nil {
		return protocol.Health{}, err
	}
	return h, nil
}

// Post sends v as JSON to path and decodes the answer into out (admin calls).
func (c *Client) Post(ctx context.Context, path string, v, out any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return c.do(ctx, http.MethodPost, path, bytes.NewReader(raw), false, out)
}

// Orders reads one page of a store's online orders changed after cursor.
func (c *Client) Orders(ctx context.Context, store string, cursor int64, limit int) (protocol.OrdersPage, error) {
	path := strings.Replace(protocol.PathOrders, "{store}", url.PathEscape(store), 1) +
		"?cursor=" + strconv.FormatInt(cursor, 10) + "&limit=" + strconv.Itoa(limit)
	var p protocol.OrdersPage
	if err := c.do(ctx, http.MethodGet, path, nil, false, &p); err != nil {
		return protocol.OrdersPage{}, err
	}
	return p, nil
}

// LookupSale finds a sale at central by receipt code (as printed) for a
// return anywhere, with the units already returned per line.
func (c *Client) LookupSale(ctx context.Context, receiptCode string) (protocol.SaleLookup, error) {
	var l protocol.SaleLookup
	if err := c.do(ctx, http.MethodGet, protocol.PathSaleLookup+"?code="+url.QueryEscape(receiptCode), nil, false, &l); err != nil {
		return protocol.SaleLookup{}, err
	}
	return l, nil
}

// Stock reads a store's on-hand per SKU as central knows it.
func (c *Client) Stock(ctx context.Context, store string) ([]protocol.StockLevel, error) {
	var out []protocol.StockLevel
	if err := c.do(ctx, http.MethodGet, strings.Replace(protocol.PathStock, "{store}", url.PathEscape(store), 1), nil, false, &out); err != nil {
		return nil, err
	}
	return out, nil
}
