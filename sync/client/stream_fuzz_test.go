package client_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
)

// FuzzCatalogStream: whatever bytes central's stream carries (cut, corrupt,
// not gzip), the client either reports the end cursor after whole lines or
// fails with an error (a cut is ErrStreamCut); never a panic, and no line
// reaches the caller after the stream went bad.
func FuzzCatalogStream(f *testing.F) {
	good := []byte(`{"c":1,"p":{"sku":"A","name":"a","price":1,"currency":"EUR","tax_rate":400}}` + "\n" + `{"c":2,"r":"B"}` + "\n" + `{"c":2,"end":true}` + "\n")
	f.Add(good, true)
	f.Add(good[:40], true)
	f.Add(good, false)
	f.Add([]byte("\x1f\x8b garbage"), false)
	var body []byte
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(body)
	}))
	defer ts.Close()
	c, _ := client.New(ts.URL, &http.Client{Transport: &http.Transport{DisableCompression: true}}, "")
	f.Fuzz(func(t *testing.T, lines []byte, zip bool) {
		body = lines
		if zip {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			_, _ = zw.Write(lines)
			_ = zw.Close()
			body = buf.Bytes()
		}
		seen := 0
		end, err := c.CatalogStream(context.Background(), "store-1", 0, func(l protocol.StreamLine) error {
			seen++
			if l.End {
				t.Fatal("end line passed as a change")
			}
			if _, err := json.Marshal(l); err != nil {
				t.Fatal(err)
			}
			return nil
		})
		if err == nil && end < 0 {
			t.Fatalf("end cursor %d", end)
		}
		if err != nil && !errors.Is(err, client.ErrStreamCut) {
			var pe *protocol.Error
			if !errors.As(err, &pe) {
				t.Fatalf("unexpected error kind: %v", err)
			}
		}
	})
}
