package ui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

func TestLanePLUKeypadAndQuantity(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	// 3 × PLU 4011 (bananas, sold per unit in the test catalog) from the keypad.
	tapButton(t, s.sellPane, "3")
	test.Tap(s.qtyBtn)
	if s.code.Text != "3*" {
		t.Fatalf("after 3 ×: entry %q", s.code.Text)
	}
	contains(t, "hint", s.message.Text, "Cantidad 3")
	for _, d := range []string{"4", "0", "1", "1"} {
		tapButton(t, s.sellPane, d)
	}
	test.Tap(s.enterBtn)
	s.jobs.wait()
	got := rows(s)
	if len(got) != 1 {
		t.Fatalf("rows %q", got)
	}
	contains(t, "row", got[0], "Plátano de Canarias 3 × 1,99 € 5,97 €")
	if s.Window().Canvas().Focused() != s.code {
		t.Error("keypad took the focus from the code entry")
	}
	// × with nothing typed explains itself and changes nothing.
	test.Tap(s.qtyBtn)
	if s.code.Text != "" || s.message.Text != "Teclee la cantidad y pulse × antes de escanear" {
		t.Errorf("bare ×: entry %q message %q", s.code.Text, s.message.Text)
	}
	// ⌫ and C edit the entry.
	tapButton(t, s.sellPane, "1")
	tapButton(t, s.sellPane, "2")
	tapButton(t, s.sellPane, "⌫")
	if s.code.Text != "1" {
		t.Errorf("after ⌫: %q", s.code.Text)
	}
	tapButton(t, s.sellPane, "C")
	if s.code.Text != "" {
		t.Errorf("after C: %q", s.code.Text)
	}
}

func TestLaneSearchByName(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "es", Catalog: db})
	s.Window().Show()

	test.Tap(s.searchBtn)
	if s.Window().Canvas().Focused() != s.search.query {
		t.Fatal("search field not focused")
	}
	test.Type(s.search.query, "vino")
	s.jobs.wait()
	if len(s.search.results) != 1 || s.search.results[0].SKU != "VIN" {
		t.Fatalf("results %+v", s.search.results)
	}
	contains(t, "found", s.search.message.Text, "1 productos")
	s.search.list.Select(0)
	s.jobs.wait()
	got := rows(s)
	if len(got) != 1 {
		t.Fatalf("rows %q; basket %+v; message %q", got, s.basket.Lines, s.message.Text)
	}
	contains(t, "row", got[0], "Vino tinto")
	if s.right.Objects[0] != s.sellPane || s.Window().Canvas().Focused() != s.code {
		t.Error("not back to selling after picking a product")
	}

	test.Tap(s.searchBtn)
	test.Type(s.search.query, "zzzz")
	s.jobs.wait()
	if s.search.message.Text != "Ningún producto con «zzzz»" {
		t.Errorf("no match: %q", s.search.message.Text)
	}
}

func TestLaneSearchDisabledWithoutCatalog(t *testing.T) {
	s, _ := newTestScreen(t, "en", LaneOptions{})
	if !s.searchBtn.Disabled() {
		t.Error("search is offered without a catalog")
	}
}

func TestLaneReprintLastReceipt(t *testing.T) {
	s, db := newTestScreen(t, "en", LaneOptions{})
	if !s.reprintBtn.Disabled() {
		t.Error("reprint offered before any sale")
	}
	scan(t, s, coffeeCode)
	test.Tap(s.cashBtn)
	test.Tap(s.cash.exact)
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	if s.done.paid.Text != "Total €3.49 · Received €3.49" {
		t.Errorf("paid line %q", s.done.paid.Text)
	}
	test.Tap(s.done.reprint)
	s.jobs.wait()
	if s.message.Text != "Copy of receipt lane-1-000001 sent to the printer" {
		t.Errorf("message %q", s.message.Text)
	}
	jobs, err := db.PendingReceiptJobs(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, j := range jobs {
		if j.Copy {
			copies++
		}
	}
	if copies != 1 {
		t.Errorf("receipt jobs %+v: want one copy", jobs)
	}
	if s.reprintBtn.Disabled() {
		t.Error("reprint not offered on the selling pane after a sale")
	}
}

func TestLaneSwitchLanguageKeepsBasket(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	test.Tap(s.langBtn)
	if s.Lang() != "en" || s.cashBtn.Text != "Cash" || s.total.Text != "€3.49" {
		t.Errorf("after switching: lang %s, cash %q, total %q", s.Lang(), s.cashBtn.Text, s.total.Text)
	}
	if got := rows(s); len(got) != 1 || !strings.Contains(got[0], "Ground coffee 250 g") {
		t.Errorf("rows %q", got)
	}
	scan(t, s, "999")
	if s.message.Text != "Product not found: 999" {
		t.Errorf("message %q", s.message.Text)
	}
	test.Tap(s.langBtn)
	if s.cashBtn.Text != "Efectivo" {
		t.Errorf("back to Spanish: %q", s.cashBtn.Text)
	}
}

func TestLaneCardPayment(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	term := &testTerminal{outcome: pos.CardDeclined}
	cards := pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "es", Cards: cards})
	s.Window().Show()
	s.jobs.wait()
	scan(t, s, wineCode)

	test.Tap(s.cardBtn)
	s.jobs.wait()
	if s.message.Text != "Tarjeta rechazada. La venta sigue abierta: cobre de otra forma." || len(rows(s)) != 1 {
		t.Fatalf("declined: %q, rows %q", s.message.Text, rows(s))
	}
	term.mu.Lock()
	term.outcome = pos.CardApproved
	term.mu.Unlock()
	test.Tap(s.cardBtn)
	s.jobs.wait()
	if s.done.paid.Text != "Total 8,99 € · Entregado 8,99 €" || s.done.change.Text != "0,00 €" {
		t.Errorf("approved: %q / %q (message %q)", s.done.paid.Text, s.done.change.Text, s.message.Text)
	}
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil || sale.Tenders[0].Method != pos.TenderCard {
		t.Errorf("recorded %+v %v", sale.Tenders, err)
	}
}

func TestLaneParkAndResume(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, wineCode)
	test.Tap(s.parkBtn)
	s.jobs.wait()
	if s.park.message.Text != "No hay ventas aparcadas." {
		t.Errorf("nothing parked yet: %q", s.park.message.Text)
	}
	test.Type(s.park.label, "señora del abrigo rojo")
	test.Tap(s.park.park)
	s.jobs.wait()
	if s.message.Text != "Venta de 8,99 € aparcada. La caja está libre." || len(rows(s)) != 0 {
		t.Fatalf("park: %q rows %q", s.message.Text, rows(s))
	}
	scan(t, s, coffeeCode) // next customer
	test.Tap(s.parkBtn)
	s.jobs.wait()
	if len(s.park.parked) != 1 || s.park.parked[0].Label != "señora del abrigo rojo" {
		t.Fatalf("parked list %+v", s.park.parked)
	}
	s.park.list.Select(0)
	s.jobs.wait()
	if s.park.message.Text != "Cobre o aparque la venta abierta antes de recuperar otra." {
		t.Errorf("resume over an open sale: %q", s.park.message.Text)
	}
	test.Tap(s.park.back)
	test.Tap(s.cashBtn)
	test.Tap(s.cash.exact)
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	test.Tap(s.parkBtn)
	s.jobs.wait()
	s.park.list.Select(0)
	s.jobs.wait()
	if s.message.Text != "Venta recuperada: 8,99 €" || len(rows(s)) != 1 || s.total.Text != "8,99 €" {
		t.Errorf("resume: %q rows %q total %q", s.message.Text, rows(s), s.total.Text)
	}
}

func TestLaneExplainsPromotions(t *testing.T) {
	s, db := newTestScreen(t, "es", LaneOptions{})
	promos := `[{"id": "CAFE-3X2", "type": "multi_buy", "name": {"es": "3x2 Café molido", "en": "3 for 2 ground coffee"},
	  "target": {"skus": ["CAF"]}, "qty": 3, "pay_qty": 2}]`
	if err := db.ApplyCatalog(context.Background(), pos.CatalogDelta{Cursor: 2, Promotions: json.RawMessage(promos)}); err != nil {
		t.Fatal(err)
	}
	scan(t, s, "3*"+coffeeCode)
	got := rows(s)
	if len(got) != 1 {
		t.Fatalf("rows %q", got)
	}
	contains(t, "row", got[0], "3 × 3,49 € −3,49 € 6,98 €")
	if s.total.Text != "6,98 €" || s.savings.Text != "Promociones aplicadas:\n3x2 Café molido  −3,49 €" {
		t.Errorf("total %q savings %q", s.total.Text, s.savings.Text)
	}
	test.Tap(s.langBtn)
	if s.savings.Text != "Promotions applied:\n3 for 2 ground coffee  −€3.49" {
		t.Errorf("English savings %q", s.savings.Text)
	}
}

func TestLaneSplitVoucherAndCash(t *testing.T) {
	s, db := newTestScreen(t, "es", LaneOptions{})
	ctx := context.Background()
	if _, err := s.lane.Access().SignIn(ctx, "3001", "5555"); err != nil { // a manager issues the voucher
		t.Fatal(err)
	}
	if _, err := s.lane.IssueVoucher(ctx, "VALE-5", 500, "gesto comercial", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.lane.Access().SignIn(ctx, "1001", "1234"); err != nil {
		t.Fatal(err)
	}
	scan(t, s, wineCode) // 8,99 €
	test.Tap(s.cashBtn)
	sp := s.cash.split
	sp.method.SetSelected("Vale")
	test.Type(sp.ref, "VALE-5")
	test.Tap(sp.add)
	if sp.list.Text != "Además del efectivo: Vale VALE-5" {
		t.Fatalf("split list %q", sp.list.Text)
	}
	test.Type(s.cash.received, "3")
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	if s.cash.message.Text != "Los vales y tarjetas no cubren el total: añada efectivo u otro medio." {
		t.Fatalf("short: %q", s.cash.message.Text)
	}
	// With the tenders listed and a refusal shown, the panel still fits the
	// smallest lane screen in the lane's own theme.
	fyne.CurrentApp().Settings().SetTheme(Theme())
	if min := s.Window().Content().MinSize(); min.Height > 768 || min.Width > 1024 {
		t.Errorf("cash panel needs %v, more than 1024×768", min)
	}
	s.cash.received.SetText("5")
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	if s.done.change.Text != "1,01 €" {
		t.Fatalf("change %q (message %q)", s.done.change.Text, s.cash.message.Text)
	}
	sale, err := db.SaleByNumber(ctx, 1)
	if err != nil || len(sale.Tenders) != 2 {
		t.Fatalf("tenders %+v %v", sale.Tenders, err)
	}
	// The voucher cannot pay twice.
	scan(t, s, wineCode)
	test.Tap(s.cashBtn)
	sp.method.SetSelected("Vale")
	test.Type(sp.ref, "VALE-5")
	test.Tap(sp.add)
	s.cash.received.SetText("10")
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	if s.cash.message.Text != "Ese vale ya se usó." {
		t.Errorf("used voucher: %q", s.cash.message.Text)
	}
}

func TestLaneDeviceScannerRingsLikeTyping(t *testing.T) {
	s, _ := newTestScreen(t, "en", LaneOptions{})
	s.Scanned(coffeeCode)
	s.jobs.wait()
	if got := rows(s); len(got) != 1 || s.total.Text != "€3.49" {
		t.Errorf("scanner code: rows %q total %q", got, s.total.Text)
	}
}
