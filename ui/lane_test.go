package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

func TestLaneScanShowsLineAndTotal(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})

	scan(t, s, coffeeCode)
	got := rows(s)
	if len(got) != 1 {
		t.Fatalf("rows after one scan: %q", got)
	}
	contains(t, "row", got[0], "Café molido 250 g")
	contains(t, "row", got[0], "3,49 €")
	if s.total.Text != "3,49 €" {
		t.Errorf("total %q, want 3,49 €", s.total.Text)
	}

	scan(t, s, "3*"+wineCode)
	got = rows(s)
	if len(got) != 2 {
		t.Fatalf("rows after two scans: %q", got)
	}
	contains(t, "row 2", got[1], "Vino tinto 3 × 8,99 € 26,97 €")
	if s.total.Text != "30,46 €" {
		t.Errorf("total %q, want 30,46 €", s.total.Text)
	}
	if s.items.Text != "4 artículos" {
		t.Errorf("items %q", s.items.Text)
	}
	if s.code.Text != "" || s.Window().Canvas().Focused() != s.code {
		t.Error("the code entry is not empty and focused after a scan")
	}
}

func TestLaneBadCodeShowsMessageAndStaysReady(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})

	for _, c := range []struct{ code, want string }{
		{"123", "Producto no encontrado: 123"},
		{"8410001000016", "Código no válido: 8410001000016 tiene mal el dígito de control; vuelva a escanearlo"},
		{"84A0", "Código no válido: 84A0 contiene caracteres que no son números"},
		{"1234567", "Código no válido: 1234567 tiene 7 dígitos (se esperan 8, 12, 13 o 14)"},
		{"0*" + coffeeCode, "La cantidad debe estar entre 1 y 9999"},
	} {
		scan(t, s, c.code)
		if s.message.Text != c.want {
			t.Errorf("after %q: message %q, want %q", c.code, s.message.Text, c.want)
		}
		if s.code.Text != "" {
			t.Errorf("after %q: entry still holds %q", c.code, s.code.Text)
		}
	}
	if n := len(rows(s)); n != 0 {
		t.Errorf("bad codes added %d lines", n)
	}
	// The entry is still ready: the next good scan goes through.
	scan(t, s, coffeeCode)
	if len(rows(s)) != 1 || s.total.Text != "3,49 €" {
		t.Errorf("scan after errors: rows %q total %q", rows(s), s.total.Text)
	}
}

func TestLanePayCashShowsChangeAndEmptiesBasket(t *testing.T) {
	s, db := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	scan(t, s, wineCode) // 3,49 + 8,99 = 12,48

	test.Tap(s.cashBtn)
	if s.Window().Canvas().Focused() != s.cash.received {
		t.Fatal("the amount received is not focused when the cash panel opens")
	}
	if s.cash.dueText.Text != "12,48 €" {
		t.Errorf("due %q", s.cash.dueText.Text)
	}
	// Too little first: a clear message, nothing recorded.
	test.Type(s.cash.received, "10")
	if s.cash.change.Text != "Faltan 2,48 €" {
		t.Errorf("short: %q", s.cash.change.Text)
	}
	test.Tap(s.cash.confirm)
	s.jobs.wait()
	if want := "El importe entregado (10,00 €) es menor que el total (12,48 €)"; s.cash.message.Text != want {
		t.Errorf("insufficient: %q, want %q", s.cash.message.Text, want)
	}
	// Then a 20 € note from the quick buttons.
	tapButton(t, s.cash.notes, "20,00 €")
	if s.cash.change.Text != "Cambio: 7,52 €" {
		t.Errorf("change before paying: %q", s.cash.change.Text)
	}
	test.Tap(s.cash.confirm)
	s.jobs.wait()

	if s.done.change.Text != "7,52 €" {
		t.Errorf("change shown %q, want 7,52 €", s.done.change.Text)
	}
	contains(t, "done", s.done.title.Text, "lane-1-000001")
	if len(rows(s)) != 0 || s.total.Text != "0,00 €" {
		t.Errorf("after paying: rows %q total %q", rows(s), s.total.Text)
	}
	if s.Window().Canvas().Focused() != s.code {
		t.Error("the code entry is not focused after the sale")
	}
	// What was recorded.
	sale, err := db.SaleByNumber(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if sale.Totals.Total != 1248 || sale.Change != 752 || len(sale.Lines) != 2 {
		t.Errorf("recorded sale: total %d change %d lines %d", sale.Totals.Total, sale.Change, len(sale.Lines))
	}
	if _, err := db.VerifyJournal(context.Background()); err != nil {
		t.Errorf("journal: %v", err)
	}
	if ev, err := db.LastEvent(context.Background()); err != nil || ev.Type != pos.EventSaleCompleted || ev.Operator != "1001" {
		t.Errorf("last journal entry %+v, %v: want the sale by 1001", ev, err)
	}
	// The next scan starts a new sale on the selling pane.
	scan(t, s, coffeeCode)
	if s.right.Objects[0] != s.sellPane || s.total.Text != "3,49 €" {
		t.Errorf("next sale: total %q", s.total.Text)
	}
}

func TestLaneCashExactAndEmptyBasket(t *testing.T) {
	s, db := newTestScreen(t, "en", LaneOptions{})
	test.Tap(s.cashBtn)
	if s.message.Text != "The basket is empty: scan an item before taking payment" {
		t.Errorf("empty basket: %q", s.message.Text)
	}
	scan(t, s, coffeeCode)
	if got := rows(s); len(got) != 1 || !strings.Contains(got[0], "Ground coffee 250 g") || !strings.Contains(got[0], "€3.49") {
		t.Errorf("English row: %q (message %q)", got, s.message.Text)
	}
	test.Tap(s.cashBtn)
	test.Tap(s.cash.exact)
	if s.cash.received.Text != "3.49" {
		t.Errorf("exact filled %q", s.cash.received.Text)
	}
	pressEnter(s.Window().Canvas())
	s.jobs.wait()
	if s.done.change.Text != "€0.00" {
		t.Errorf("change %q", s.done.change.Text)
	}
	if _, err := db.SaleByNumber(context.Background(), 1); err != nil {
		t.Errorf("sale not recorded: %v", err)
	}
}

func TestLaneVoidLine(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	scan(t, s, coffeeCode)
	scan(t, s, wineCode)
	test.Tap(s.voidBtn)
	if s.message.Text != "Seleccione la línea que quiere anular" {
		t.Errorf("void without selection: %q", s.message.Text)
	}
	s.list.Select(1)
	test.Tap(s.voidBtn)
	s.jobs.wait()
	got := rows(s)
	if len(got) != 2 {
		t.Fatalf("rows %q", got)
	}
	contains(t, "voided row", got[1], "ANULADA · Vino tinto")
	if s.total.Text != "3,49 €" {
		t.Errorf("total after void %q", s.total.Text)
	}
}

func TestLaneStatusBar(t *testing.T) {
	printer := func() DeviceStatus {
		return DeviceStatus{Class: "printer", State: DeviceError, Reason: "paper out", Pending: 2}
	}
	s, _ := newTestScreen(t, "es", LaneOptions{Sync: fixedSync{Online: false, Pending: 3}, Printer: printer, Operator: "Ana"})
	b := s.status
	if b.online.Text != "● Sin conexión" || b.pending.Text != "3 eventos pendientes" {
		t.Errorf("sync: %q / %q", b.online.Text, b.pending.Text)
	}
	if b.printer.Text != "Impresora: error (paper out) · 2 tiques en espera" {
		t.Errorf("printer: %q", b.printer.Text)
	}
	if b.operator.Text != "Cajero: Ana (cajera)" {
		t.Errorf("operator: %q", b.operator.Text)
	}
	s.opts.Sync = fixedSync{Online: true}
	s.refreshStatus()
	if b.online.Text != "● En línea" || b.pending.Text != "Todo enviado" {
		t.Errorf("sync online: %q / %q", b.online.Text, b.pending.Text)
	}
}

func TestParseQtyCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		qty  int64
		code string
		ok   bool
	}{
		{"123", 1, "123", true}, {"3*123", 3, "123", true}, {"12x 4011", 12, "4011", true},
		{"0*1", 0, "", false}, {"a*1", 0, "", false}, {"10000*1", 0, "", false},
	} {
		q, code, ok := parseQtyCode(c.in)
		if q != c.qty || code != c.code || ok != c.ok {
			t.Errorf("%q: %d %q %v", c.in, q, code, ok)
		}
	}
}
