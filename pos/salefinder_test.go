package pos_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

func TestParseReceiptCode(t *testing.T) {
	for _, tc := range []struct {
		in, def, device string
		n               int64
		ok              bool
	}{
		{"lane-1-000042", "", "lane-1", 42, true},
		{"  lane-1-42 ", "", "lane-1", 42, true},
		{"kiosk-3-1234567", "", "kiosk-3", 1234567, true},
		{"lane1-000001", "", "lane1", 1, true},
		{"42", "lane-2", "lane-2", 42, true},
		{"000042", "lane-2", "lane-2", 42, true},
		{"42", "", "", 0, false},
		{"lane-1-", "", "", 0, false},
		{"-000001", "", "", 0, false},
		{"lane-1-000000", "", "", 0, false},
		{"lane-1-00x042", "", "", 0, false},
		{"lane-1-+42", "", "", 0, false},
		{"lane-1-R000001", "", "", 0, false}, // a return receipt, not a sale
		{"lane-1-9999999999999999999", "", "", 0, false},
		{"", "lane-1", "", 0, false},
	} {
		d, n, err := pos.ParseReceiptCode(tc.in, tc.def)
		if tc.ok != (err == nil) || d != tc.device || n != tc.n {
			t.Errorf("ParseReceiptCode(%q, %q) = %q, %d, %v", tc.in, tc.def, d, n, err)
		}
		if err != nil && pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("ParseReceiptCode(%q): code %s", tc.in, pos.ErrorCode(err))
		}
	}
	if got := pos.ReceiptCode("lane-1", 42); got != "lane-1-000042" {
		t.Errorf("canonical code %s", got)
	}
}

// finder answers from a map of sales, or fails with err, and counts calls.
type finder struct {
	sales map[string]pos.Sale
	err   error
	calls []string
}

func (f *finder) SaleByReceipt(ctx context.Context, code string) (pos.Sale, error) {
	f.calls = append(f.calls, code)
	if f.err != nil {
		return pos.Sale{}, f.err
	}
	if s, ok := f.sales[code]; ok {
		return s, nil
	}
	return pos.Sale{}, pos.Errorf(pos.ENOTFOUND, "no %s here", code)
}

func TestSaleLookupOrderAndMessages(t *testing.T) {
	ctx := context.Background()
	own := pos.Sale{ID: "a", DeviceID: "lane-2", Number: 7}
	peerSale := pos.Sale{ID: "b", DeviceID: "lane-1", Number: 42}
	far := pos.Sale{ID: "c", DeviceID: "lane-9", Number: 1}
	local := &finder{sales: map[string]pos.Sale{own.ReceiptCode(): own}}
	peers := &finder{sales: map[string]pos.Sale{peerSale.ReceiptCode(): peerSale}}
	central := &finder{sales: map[string]pos.Sale{far.ReceiptCode(): far, "lane-1-000043": peerSale}}
	l := pos.SaleLookup{DeviceID: "lane-2", Local: local, Peers: peers, Central: central}

	if s, err := l.FindSale(ctx, "7"); err != nil || s.ID != "a" {
		t.Fatalf("bare number: %v %v", s.ID, err)
	}
	if s, err := l.FindSale(ctx, "lane-1-42"); err != nil || s.ID != "b" {
		t.Fatalf("peer sale: %v %v", s.ID, err)
	}
	if s, err := l.FindSale(ctx, "lane-9-000001"); err != nil || s.ID != "c" {
		t.Fatalf("central sale: %v %v", s.ID, err)
	}
	// The local store is asked only for this lane's receipts; every source
	// gets the canonical code.
	if strings.Join(local.calls, ",") != "lane-2-000007" || strings.Join(peers.calls, ",") != "lane-1-000042,lane-9-000001" {
		t.Fatalf("local asked %v, peers asked %v", local.calls, peers.calls)
	}
	// A source answering another sale than asked is not believed.
	if _, err := l.FindSale(ctx, "lane-1-000043"); pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "answered sale lane-1-000042") {
		t.Fatalf("wrong answer believed: %v", err)
	}
	// Nothing anywhere, central unreachable: ENOTFOUND naming each place,
	// with the cause kept.
	down := errors.New("dial tcp: connection refused")
	l.Central = &finder{err: down}
	_, err := l.FindSale(ctx, "lane-3-000005")
	if pos.ErrorCode(err) != pos.ENOTFOUND || !errors.Is(err, down) {
		t.Fatalf("not found anywhere: %v", err)
	}
	for _, want := range []string{"lane-3-000005", "this lane: not one of its receipts", "peer lanes' copies: no lane-3-000005 here", "central: could not look", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if _, err := l.FindSale(ctx, "not a code"); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("junk: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	l.Central = nil
	if _, err := (pos.SaleLookup{Peers: &finder{err: context.Canceled}}).FindSale(cctx, "lane-1-000001"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled lookup: %v", err)
	}
}
