package enroll_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/central"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/enroll"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
	"github.com/omnilane/omnilane/sync/tlscert"
)

const adminToken = "admin-secret-for-tests"

type tlsCentral struct {
	url, fp string
	admin   *client.Client
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startTLSCentral runs central over TLS on 127.0.0.1 with device auth on.
func startTLSCentral(t *testing.T) tlsCentral {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	cert, err := tlscert.LoadOrCreate(filepath.Join(dir, "tls"), nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	again, err := tlscert.LoadOrCreate(filepath.Join(dir, "tls"), nil, time.Now())
	if err != nil || tlscert.CertFingerprint(again) != tlscert.CertFingerprint(cert) {
		t.Fatalf("certificate not kept across starts: %v", err)
	}
	db, err := sqlitestore.Open(ctx, filepath.Join(dir, "central.db"), pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range []string{"store-1", "store-2"} {
		if err := db.EnsureStore(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	fp := tlscert.CertFingerprint(cert)
	srv := central.NewServer(db, central.Config{RequireAuth: true, AdminToken: adminToken, Fingerprint: fp}, pos.SystemClock{}, quiet())
	ts := httptest.NewUnstartedServer(srv)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	admin, _ := client.New(ts.URL, enroll.PinnedClient(fp, nil), adminToken)
	return tlsCentral{url: ts.URL, fp: fp, admin: admin}
}

func (c tlsCentral) token(t *testing.T, store, ttl string) protocol.EnrollToken {
	t.Helper()
	var tok protocol.EnrollToken
	path := strings.Replace(central.PathAdminTokens, "{store}", store, 1)
	if ttl != "" {
		path += "?ttl=" + ttl
	}
	if err := c.admin.Post(context.Background(), path, struct{}{}, &tok); err != nil {
		t.Fatal(err)
	}
	if tok.Fingerprint != c.fp || tok.StoreID != store {
		t.Fatalf("token %+v", tok)
	}
	return tok
}

func deviceClient(t *testing.T, cr enroll.Credentials) *client.Client {
	t.Helper()
	c, err := client.New(cr.CentralURL, cr.HTTPClient(), cr.Credential)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func push(c *client.Client, device string, es []pos.Event) error {
	_, err := c.PushBatch(context.Background(), protocol.JournalBatch{DeviceID: device, Entries: es})
	return err
}

func TestEnrollmentAndForbiddenPaths(t *testing.T) {
	ctx := context.Background()
	cen := startTLSCentral(t)
	tok := cen.token(t, "store-1", "")

	// A device that expects another certificate refuses to talk.
	if _, err := enroll.Enroll(ctx, cen.url, tok.Token, "lane-1", strings.Repeat("ab", 32)); !errors.Is(err, enroll.ErrPin) {
		t.Fatalf("enroll with a wrong pin: %v", err)
	}
	cr, err := enroll.Enroll(ctx, cen.url, tok.Token, "lane-1", tok.Fingerprint)
	if err != nil {
		t.Fatal(err)
	}
	if cr.StoreID != "store-1" || cr.Fingerprint != cen.fp || cr.Credential == "" {
		t.Fatalf("credentials %+v", cr)
	}
	path := filepath.Join(t.TempDir(), "device.json")
	if err := cr.Save(path); err != nil {
		t.Fatal(err)
	}
	if cr, err = enroll.Load(path); err != nil {
		t.Fatal(err)
	}
	lane1 := deviceClient(t, cr)

	// The token was one-time.
	if _, err := enroll.Enroll(ctx, cen.url, tok.Token, "lane-9", tok.Fingerprint); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("token reused: %v", err)
	}
	// An expired token does nothing.
	short := cen.token(t, "store-1", "1ms")
	time.Sleep(20 * time.Millisecond)
	if _, err := enroll.Enroll(ctx, cen.url, short.Token, "lane-8", short.Fingerprint); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("expired token: %v", err)
	}
	// Trust on first use pins what it saw.
	tofu, err := enroll.Enroll(ctx, cen.url, cen.token(t, "store-2", "").Token, "lane-2", "")
	if err != nil || tofu.Fingerprint != cen.fp || tofu.StoreID != "store-2" {
		t.Fatalf("TOFU enrollment: %+v, %v", tofu, err)
	}
	lane2 := deviceClient(t, tofu)

	es1, _ := testchain.Chain("store-1", "lane-1", nil, 2, time.Now())
	es2, _ := testchain.Chain("store-2", "lane-2", nil, 2, time.Now())
	anon, _ := client.New(cen.url, enroll.PinnedClient(cen.fp, nil), "")
	bogus, _ := client.New(cen.url, enroll.PinnedClient(cen.fp, nil), "not-a-credential")

	// Allowed paths.
	if err := push(lane1, "lane-1", es1); err != nil {
		t.Fatalf("own journal: %v", err)
	}
	if _, err := lane1.Feed(ctx, "store-1", 0, 10, 0); err != nil {
		t.Fatalf("own store feed: %v", err)
	}
	if _, err := lane1.CatalogStream(ctx, "store-1", 0, func(protocol.StreamLine) error { return nil }); err != nil {
		t.Fatalf("own store stream: %v", err)
	}
	if rec, err := lane1.DeviceRecord(ctx, "lane-1", 0, 10); err != nil || rec.EventCount != 2 {
		t.Fatalf("own record: %+v, %v", rec, err)
	}
	// The gift card and store credit ledgers are the chain's: a device of
	// another store reads them too.
	if _, err := lane2.LedgerFeed(ctx, protocol.LedgerQuery{Devices: []string{"lane-2"}}); err != nil {
		t.Fatalf("chain ledger feed from another store: %v", err)
	}

	forbidden := []struct {
		name string
		code string
		call func() error
	}{
		{"write another device's journal", protocol.CodeForbidden, func() error { return push(lane1, "lane-2", es2) }},
		{"read another store's feed", protocol.CodeForbidden, func() error { _, err := lane1.Feed(ctx, "store-2", 0, 10, 0); return err }},
		{"stream another store's catalog", protocol.CodeForbidden, func() error {
			_, err := lane1.CatalogStream(ctx, "store-2", 0, func(protocol.StreamLine) error { return nil })
			return err
		}},
		{"read another store's stock feed", protocol.CodeForbidden, func() error {
			_, err := lane1.StockFeed(ctx, "store-2", protocol.StockQuery{Devices: []string{"lane-1"}})
			return err
		}},
		{"read another store's customers", protocol.CodeForbidden, func() error {
			_, err := lane1.Customers(ctx, "store-2", 0, 10)
			return err
		}},
		{"read another device's record", protocol.CodeForbidden, func() error { _, err := lane2.DeviceRecord(ctx, "lane-1", 0, 10); return err }},
		{"issue tokens as a device", protocol.CodeUnauthorized, func() error {
			return lane1.Post(ctx, strings.Replace(central.PathAdminTokens, "{store}", "store-1", 1), struct{}{}, &protocol.EnrollToken{})
		}},
		{"change prices as a device", protocol.CodeUnauthorized, func() error {
			return lane1.Post(ctx, central.PathAdminProducts, central.ProductChange{}, &central.ProductChangeResult{})
		}},
		{"push with no credential", protocol.CodeUnauthorized, func() error { return push(anon, "lane-1", es1) }},
		{"read a feed with no credential", protocol.CodeUnauthorized, func() error { _, err := anon.Feed(ctx, "store-1", 0, 10, 0); return err }},
		{"push with a made-up credential", protocol.CodeUnauthorized, func() error { return push(bogus, "lane-1", es1) }},
		{"read the ledgers with no credential", protocol.CodeUnauthorized, func() error { _, err := anon.LedgerFeed(ctx, protocol.LedgerQuery{}); return err }},
		{"read the ledgers with a made-up credential", protocol.CodeUnauthorized, func() error { _, err := bogus.LedgerFeed(ctx, protocol.LedgerQuery{}); return err }},
		{"re-enroll an enrolled device", protocol.CodeForbidden, func() error {
			_, err := enroll.Enroll(ctx, cen.url, cen.token(t, "store-1", "").Token, "lane-1", cen.fp)
			return err
		}},
	}
	for _, f := range forbidden {
		if err := f.call(); protocol.CodeOf(err) != f.code {
			t.Errorf("%s: got %v; want %s", f.name, err, f.code)
		}
	}
	// Plain HTTP to the TLS port gets nowhere.
	plain, _ := client.New(strings.Replace(cen.url, "https://", "http://", 1), &http.Client{Timeout: 5 * time.Second}, cr.Credential)
	if _, err := plain.Feed(ctx, "store-1", 0, 10, 0); err == nil {
		t.Fatal("plain HTTP accepted")
	}

	// Revocation takes effect on the very next request.
	if err := cen.admin.Post(ctx, strings.Replace(central.PathAdminRevoke, "{device}", "lane-1", 1), struct{}{}, &map[string]string{}); err != nil {
		t.Fatal(err)
	}
	if err := push(lane1, "lane-1", es1); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("revoked device pushed: %v", err)
	}
	if _, err := lane1.LedgerFeed(ctx, protocol.LedgerQuery{}); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("revoked device read the ledgers: %v", err)
	}
	// A revoked device may enroll again with a new token; the old credential stays dead.
	cr2, err := enroll.Enroll(ctx, cen.url, cen.token(t, "store-1", "").Token, "lane-1", cen.fp)
	if err != nil {
		t.Fatal(err)
	}
	if err := push(deviceClient(t, cr2), "lane-1", es1); err != nil {
		t.Fatalf("re-enrolled device: %v", err)
	}
	if _, err := lane1.Feed(ctx, "store-1", 0, 10, 0); protocol.CodeOf(err) != protocol.CodeUnauthorized {
		t.Fatalf("old credential after re-enrollment: %v", err)
	}
}

func TestPinRejectsAnotherCertificate(t *testing.T) {
	cen := startTLSCentral(t)
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	c, _ := client.New(other.URL, enroll.PinnedClient(cen.fp, nil), "")
	if _, err := c.Health(context.Background()); !errors.Is(err, enroll.ErrPin) {
		t.Fatalf("impostor accepted: %v", err)
	}
}
