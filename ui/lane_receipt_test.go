package ui

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// recordedPrinter is the pos.ReceiptPrinter port recording what it is
// asked to print.
type recordedPrinter struct {
	mu       sync.Mutex
	receipts []pos.Receipt
}

func (p *recordedPrinter) PrintReceipt(_ context.Context, r pos.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.receipts = append(p.receipts, r)
	return nil
}

func (p *recordedPrinter) printed() []pos.Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]pos.Receipt(nil), p.receipts...)
}

// queueIdle waits until the receipt queue has handled every job.
func queueIdle(t *testing.T, db *sqlite.DB) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		jobs, err := db.PendingReceiptJobs(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) == 0 {
			return
		}
	}
	t.Fatal("receipt jobs still pending")
}

// newPrintingScreen is a lane screen whose lane prints through a running
// receipt queue on a recorded printer.
// term, if set, is the card terminal, whose slips the queue prints
// (the merchant copy too, as a terminal profile may ask).
func newPrintingScreen(t *testing.T, lang string, term pos.CardTerminal) (*LaneScreen, *sqlite.DB, *recordedPrinter) {
	t.Helper()
	pr := &recordedPrinter{}
	lane, db, q := newLaneWithPrinter(t, pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) }), pr)
	if err := lane.ReadyForDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	var opts LaneOptions
	if term != nil {
		opts.Cards = pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
		q.WithCardSlips(opts.Cards, true)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go q.Run(ctx)
	opts.Lang = lang
	s := NewLaneScreen(test.NewTempApp(t), lane, opts)
	s.Window().Show()
	t.Cleanup(s.Window().Close)
	s.jobs.wait()
	return s, db, pr
}

func TestLaneSaleWithoutReceipt(t *testing.T) {
	s, db, pr := newPrintingScreen(t, "es", nil)
	ctx := context.Background()
	scan(t, s, coffeeCode)
	test.Tap(s.cashBtn)
	if s.cash.noReceipt.Checked || s.cash.noReceipt.Text != "Sin tique" {
		t.Fatalf("no-receipt choice %q starts ticked %v", s.cash.noReceipt.Text, s.cash.noReceipt.Checked)
	}
	test.Tap(s.cash.noReceipt)
	test.Tap(s.cash.exact)
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	queueIdle(t, db)
	if got := pr.printed(); len(got) != 0 {
		t.Fatalf("printed %d receipts for a sale without receipt: %+v", len(got), got)
	}
	sale, err := db.SaleByNumber(ctx, 1)
	if err != nil || !sale.NoReceipt || sale.Totals.Total != 349 {
		t.Fatalf("recorded %+v %v", sale, err)
	}
	// The journal has the sale, with the customer's choice.
	evs, err := db.EventsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range evs {
		var p struct {
			ID        string `json:"id"`
			NoReceipt bool   `json:"no_receipt"`
		}
		if ev.Type == pos.EventSaleCompleted && json.Unmarshal(ev.Payload, &p) == nil && p.ID == sale.ID && p.NoReceipt {
			found = true
		}
	}
	if !found {
		t.Error("the journal has no sale.completed event with no_receipt")
	}
	if s.done.paid.Text != "Total 3,49 € · Entregado 3,49 €\nSin tique: no se ha impreso. Si el cliente lo pide, pulse «Imprimir tique»." ||
		s.done.reprint.Text != "Imprimir tique" {
		t.Errorf("done panel %q, button %q", s.done.paid.Text, s.done.reprint.Text)
	}

	// The customer changes their mind: the receipt prints, as a copy.
	test.Tap(s.done.reprint)
	s.jobs.wait()
	queueIdle(t, db)
	got := pr.printed()
	if len(got) != 1 || !got[0].Copy || got[0].Barcode != sale.ReceiptCode() {
		t.Fatalf("after print: %+v", got)
	}

	// The next customer is asked afresh and gets a receipt.
	scan(t, s, wineCode)
	test.Tap(s.cashBtn)
	if s.cash.noReceipt.Checked {
		t.Fatal("the next sale starts with no receipt ticked")
	}
	test.Tap(s.cash.exact)
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	queueIdle(t, db)
	if got := pr.printed(); len(got) != 2 || got[1].Copy {
		t.Fatalf("second sale printed %+v", got)
	}
	if s.done.reprint.Text != "Reimprimir" {
		t.Errorf("button after a printed sale: %q", s.done.reprint.Text)
	}
}

// slipTerminal approves with the terminal's merchant copy.
type slipTerminal struct{ progressTerminal }

func (p *slipTerminal) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	r, err := p.progressTerminal.Pay(ctx, req)
	r.MerchantReceipt = []string{"COPIA COMERCIO", "VISA 411111******1111", "FIRMA:"}
	r.CustomerReceipt = []string{"COPIA CLIENTE"}
	p.mu.Lock()
	p.results[req.Ref.ServiceID] = r
	p.mu.Unlock()
	return r, err
}

// A card sale without receipt still prints the merchant's copy when the
// terminal profile says the lane keeps it; the choice can be made while the
// customer is at the terminal.
func TestLaneCardWithoutReceiptKeepsMerchantCopy(t *testing.T) {
	term := &slipTerminal{progressTerminal{testTerminal: testTerminal{outcome: pos.CardApproved}, steps: chipAndPIN[:1]}}
	s, db, pr := newPrintingScreen(t, "en", term)
	term.looked = func() {
		// The customer says "no receipt" while at the terminal.
		if s.card.noReceipt.Text != "No receipt" || s.card.noReceipt.Checked {
			t.Errorf("card panel choice %q ticked %v", s.card.noReceipt.Text, s.card.noReceipt.Checked)
		}
		test.Tap(s.card.noReceipt)
	}
	scan(t, s, coffeeCode)
	test.Tap(s.cardBtn)
	s.jobs.wait()
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil || !sale.NoReceipt || sale.Tenders[0].Method != pos.TenderCard {
		t.Fatalf("recorded %+v %v", sale, err)
	}
	// The merchant copy is there once the card payment is on the sale.
	var got []pos.Receipt
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && len(got) == 0; time.Sleep(20 * time.Millisecond) {
		got = pr.printed()
	}
	queueIdle(t, db)
	got = pr.printed()
	if len(got) != 1 || len(got[0].Items) != 0 || len(got[0].Meta) == 0 || got[0].Meta[0] != "COPIA COMERCIO" {
		t.Fatalf("printed %+v, want only the merchant copy", got)
	}
}

// The desk prints the pickup slip when it hands an order over, and a copy
// of it on request.
func TestDeskPrintsAndReprintsPickupSlip(t *testing.T) {
	pr := &recordedPrinter{}
	lane, db, _ := newLaneWithPrinter(t, pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) }), pr)
	ctx := context.Background()
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrders(ctx, []pos.Order{{ID: "W-1001", StoreID: "s1", PickupCode: "PK7Q2", CustomerName: "Lucía Fernández",
		Status: pos.OrderReady, Currency: "EUR", Paid: 2147, Lines: []pos.OrderLine{
			{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 1, Amount: 349},
			{No: 2, SKU: "VIN", Name: "Vino tinto", Qty: 2, Amount: 1798}}}}); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(test.NewTempApp(t), lane, DeskOptions{Lang: "en"})
	d.Window().Show()
	d.jobs.wait()
	d.tabs.SelectIndex(1)
	p := d.pickup
	if p.reprint.Visible() {
		t.Fatal("a reprint button before anything was handed over")
	}
	test.Type(p.query, "PK7Q2")
	pressEnter(d.Window().Canvas())
	d.jobs.wait()
	p.qty[2].SetText("0")
	test.Tap(p.some)
	d.jobs.wait()
	got := pr.printed()
	// Printed in the store's language (Spanish), whatever the screen's.
	if len(got) != 1 || got[0].Title != "ENTREGA DE PEDIDO" || got[0].Copy {
		t.Fatalf("printed %+v", got)
	}
	items := ""
	for _, l := range got[0].Items {
		items += l.Left + "|"
	}
	if items != "ENTREGADO AHORA|1 x Café molido 250 g|PENDIENTE DE ENTREGA|2 x Vino tinto|" {
		t.Errorf("slip lines %q", items)
	}
	if !p.reprint.Visible() || p.reprint.Text != "Reprint pickup slip" {
		t.Fatalf("reprint button %q visible %v", p.reprint.Text, p.reprint.Visible())
	}
	test.Tap(p.reprint)
	d.jobs.wait()
	got = pr.printed()
	if len(got) != 2 || !got[1].Copy || p.result.Text != "Copy of the pickup slip of order PK7Q2 sent to the printer." {
		t.Errorf("after reprint: %d printed, result %q", len(got), p.result.Text)
	}
}

// At the kiosk the customer may do without the paper receipt while paying:
// the sale is recorded without one and the thanks screen offers the QR only.
func TestKioskPaperlessReceipt(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	term := &progressTerminal{testTerminal: testTerminal{outcome: pos.CardApproved}, steps: chipAndPIN[:1]}
	k.opts.Cards = pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
	term.looked = func() {
		if k.done.paperless.Text != "Sin tique en papel (solo código QR)" {
			t.Errorf("choice while paying: %q", k.done.paperless.Text)
		}
		test.Tap(k.done.paperless)
		if k.done.paperless.Text != "✓ Sin tique en papel: solo código QR" {
			t.Errorf("after the tap: %q", k.done.paperless.Text)
		}
	}
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, coffeeCode)
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone || k.done.qrHint.Text != "No se imprime tique. Escanee este código para guardarlo en el móvil." {
		t.Fatalf("thanks: state %d, hint %q", k.state, k.done.qrHint.Text)
	}
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil || !sale.NoReceipt {
		t.Fatalf("recorded %+v %v", sale, err)
	}
	// The next customer gets the printed receipt unless they choose otherwise.
	test.Tap(k.done.next)
	test.Tap(k.attract.buttons["en"])
	kioskScan(t, k, coffeeCode)
	term.looked = func() {
		if k.done.paperless.Text != "No paper receipt (QR code only)" {
			t.Errorf("next customer's choice: %q", k.done.paperless.Text)
		}
	}
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.done.qrHint.Text != "Your receipt is printing. You can also scan this code to keep it on your phone." {
		t.Errorf("second thanks: %q", k.done.qrHint.Text)
	}
	if sale, _ := db.SaleByNumber(context.Background(), 2); sale.NoReceipt {
		t.Error("the next customer's sale has no receipt")
	}
}
