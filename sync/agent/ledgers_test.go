package agent_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
	"github.com/omnilane/omnilane/sync/agent"
	"github.com/omnilane/omnilane/sync/protocol"
	"github.com/omnilane/omnilane/sync/testchain"
)

const card = "6000111122223333"

// giftLane is a second lane of the world's store, with its own database
// and agent, talking to the same central.
type giftLane struct {
	device string
	store  *sqlite.DB
	agent  *agent.Agent
}

func newGiftLane(t *testing.T, w *world, device string) *giftLane {
	t.Helper()
	cts := httptest.NewServer(w.srv)
	t.Cleanup(cts.Close)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), device+".db"), device, quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ag, err := agent.New(agent.Config{
		CentralURL: cts.URL, DeviceID: device, StoreID: "store-1", BatchSize: 4,
		LongPoll: 5 * time.Second, Interval: 200 * time.Millisecond, RequestTimeout: 5 * time.Second,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	}, st, &http.Client{}, pos.SystemClock{}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	return &giftLane{device: device, store: st, agent: ag}
}

func event(device, typ string) pos.Event {
	now := time.Now()
	return pos.Event{DeviceID: device, ID: uuid.Must(uuid.NewV7()).String(), Type: typ, HLC: now.UnixMilli() << 16, At: now}
}

// load puts amount on the card at the lane, journalled as ledger.credited.
func load(t *testing.T, st *sqlite.DB, device string, amount pos.Money) {
	t.Helper()
	m := pos.LedgerMovement{Kind: pos.LedgerGiftCard, Account: card, Delta: amount, Currency: "EUR", Reason: "carga", At: time.Now().UTC()}
	ev := event(device, pos.EventLedgerCredited)
	var err error
	if ev.Payload, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := st.CreditLedger(context.Background(), m, pos.Audit{Events: []pos.Event{ev}}); err != nil {
		t.Fatal(err)
	}
}

// payByCard commits a sale of amount paid wholly from the card.
func payByCard(st *sqlite.DB, device string, amount pos.Money) (pos.Sale, error) {
	s := testchain.Sale("store-1", device, 0, amount, time.Now())
	s.Tenders = []pos.Tender{{Method: pos.TenderGiftCard, Amount: amount, Ref: card}}
	_, err := st.CommitSale(context.Background(), &s, event(device, ""))
	return s, err
}

func balanceAt(t *testing.T, st *sqlite.DB) pos.Money {
	t.Helper()
	b, err := st.LedgerBalance(context.Background(), pos.LedgerGiftCard, card)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func centralBalance(t *testing.T, w *world) int64 {
	t.Helper()
	p, err := w.reader.LedgerFeed(context.Background(), protocol.LedgerQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Balances {
		if b.Kind == pos.LedgerGiftCard && b.Account == card {
			return b.Balance
		}
	}
	t.Fatalf("central has no balance of the card: %+v", p)
	return 0
}

// TestGiftCardWorksAtEveryLane: a gift card sold at lane-1 is spent at
// lane-2 (which never opened it) through central's chain-wide ledger —
// offline, with the same balance before and after push and pull, at the
// lane and at central; lane-2 refuses to take more than the balance, and
// refunds a lane-1 sale paid by the card back to the card. Two lanes
// spending the card offline beyond its balance are both counted and
// central lists the account as overspent; a lane holding the other's
// journal from the LAN sees its spending before central does.
func TestGiftCardWorksAtEveryLane(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, 5)
	a := &giftLane{device: "lane-1", store: w.store, agent: w.agent}
	b := newGiftLane(t, w, "lane-2")

	// lane-2 does not know the card yet.
	if _, err := b.store.LedgerBalance(ctx, pos.LedgerGiftCard, card); !pos.IsNotFound(err) {
		t.Fatalf("an unknown card at lane-2: %v", err)
	}
	load(t, a.store, a.device, 5000)
	if _, err := a.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := balanceAt(t, b.store); got != 5000 {
		t.Fatalf("lane-2 after the pull: %d; want 5000", got)
	}

	// Offline at lane-2: 20 € from the card.
	if _, err := payByCard(b.store, b.device, 2000); err != nil {
		t.Fatalf("lane-2 spends a card lane-1 sold: %v", err)
	}
	if got := balanceAt(t, b.store); got != 3000 {
		t.Fatalf("lane-2 offline after 20 €: %d; want 3000", got)
	}
	if _, err := b.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if got, c := balanceAt(t, b.store), centralBalance(t, w); got != 3000 || c != 3000 {
		t.Fatalf("pushed, old snapshot: lane-2 %d, central %d; want 3000", got, c)
	}
	if _, err := b.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := balanceAt(t, b.store); got != 3000 {
		t.Fatalf("lane-2 pushed and pulled: %d; want 3000 (a debit counted twice?)", got)
	}

	// More than the balance is refused, and nothing is taken.
	_, err := payByCard(b.store, b.device, 3500)
	if pos.ErrorCode(err) != pos.EINSUFFICIENT {
		t.Fatalf("35 € from a 30 € card: %v; want %s", err, pos.EINSUFFICIENT)
	}
	if got := balanceAt(t, b.store); got != 3000 {
		t.Fatalf("after the refused payment: %d; want 3000", got)
	}

	// lane-1 sells 5 € from the card; lane-2 refunds that sale to the card.
	if _, err := a.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	sold, err := payByCard(a.store, a.device, 500)
	if err != nil {
		t.Fatal(err)
	}
	if got := balanceAt(t, a.store); got != 2500 {
		t.Fatalf("lane-1 after its 5 € sale: %d; want 2500", got)
	}
	if _, err := a.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	ret := pos.Return{ID: uuid.Must(uuid.NewV7()).String(), StoreID: "store-1", DeviceID: b.device, OriginalSaleID: sold.ID,
		OriginalReceipt: sold.ReceiptCode(), OriginalDevice: a.device, Reason: "talla", Currency: "EUR", At: time.Now().UTC(),
		Tenders: []pos.Tender{{Method: pos.TenderGiftCard, Amount: 500, Ref: card}}}
	if err := b.store.CommitReturn(ctx, &ret, pos.Audit{Events: []pos.Event{event(b.device, pos.EventReturnCompleted)}}); err != nil {
		t.Fatalf("lane-2 refunds lane-1's card sale to the card: %v", err)
	}
	if got := balanceAt(t, b.store); got != 3000 {
		t.Fatalf("lane-2 after the refund: %d; want 3000", got)
	}
	if _, err := b.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got, c := balanceAt(t, a.store), centralBalance(t, w); got != 3000 || c != 3000 {
		t.Fatalf("after the refund reached central: lane-1 %d, central %d; want 3000", got, c)
	}

	// Both lanes offline, each takes 25 € of the 30 €.
	if _, err := payByCard(a.store, a.device, 2500); err != nil {
		t.Fatal(err)
	}
	if _, err := payByCard(b.store, b.device, 2500); err != nil {
		t.Fatal(err)
	}
	// lane-2 gets lane-1's journal over the LAN: once the snapshot says how
	// far central has lane-1's journal, it sees both debits.
	evs, err := a.store.EventsAfter(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.AppendPeerEvents(ctx, "store-1", evs); err != nil {
		t.Fatal(err)
	}
	if _, err := b.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := balanceAt(t, b.store); got != -2000 {
		t.Fatalf("lane-2 holding lane-1's journal: %d; want -2000", got)
	}
	if _, err := a.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := b.agent.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if c := centralBalance(t, w); c != -2000 {
		t.Fatalf("central after both pushes: %d; want -2000", c)
	}
	if _, err := b.agent.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if got := balanceAt(t, b.store); got != -2000 {
		t.Fatalf("lane-2 pushed and pulled with lane-1's journal held: %d; want -2000", got)
	}
	xs, err := w.db.Exceptions(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	overspent := 0
	for _, x := range xs {
		if x.Kind == "overspent" && x.Ref == pos.LedgerGiftCard+" "+card {
			overspent++
		}
	}
	if overspent != 1 {
		t.Fatalf("exceptions %+v; want one overspent of the card", xs)
	}
}
