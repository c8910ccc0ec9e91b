package client

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/sync/protocol"
)

// ErrStreamCut reports a catalog stream that ended without its end line.
var ErrStreamCut = errors.New("catalog stream cut before its end")

// CatalogStream reads the store's catalog changes after cursor as a stream,
// calling fn for each change line in order. It returns the end line's
// cursor, or ErrStreamCut (wrapped) if the stream stopped early: every line
// passed to fn before that was whole.
func (c *Client) CatalogStream(ctx context.Context, store string, cursor int64, fn func(protocol.StreamLine) error) (int64, error) {
	path := strings.Replace(protocol.PathCatalogStream, "{store}", url.PathEscape(store), 1) + "?cursor=" + strconv.FormatInt(cursor, 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, fmt.Errorf("catalog stream: %w", err)
	}
	if c.credential != "" {
		req.Header.Set("Authorization", "Bearer "+c.credential)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("catalog stream: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return 0, protocol.ReadError(resp)
	}
	var body io.Reader = resp.Body
	if !resp.Uncompressed && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return 0, fmt.Errorf("catalog stream: %w: %v", ErrStreamCut, err)
		}
		body = zr
	}
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 1<<16), 16<<20)
	for sc.Scan() {
		var l protocol.StreamLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return 0, fmt.Errorf("catalog stream: %w: bad line: %v", ErrStreamCut, err)
		}
		if l.End {
			return l.Cursor, nil
		}
		if err := fn(l); err != nil {
			return 0, err
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("catalog stream: %w: %v", ErrStreamCut, err)
	}
	return 0, fmt.Errorf("catalog stream: %w", ErrStreamCut)
}
