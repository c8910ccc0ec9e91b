package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
)

// progressTerminal reports the steps a chip-and-PIN payment goes through
// before answering as testTerminal does, and lets the test look at the
// screen after each step (the payment job runs on the test goroutine).
type progressTerminal struct {
	testTerminal
	steps  []pos.CardProgress
	looked func()
}

func (p *progressTerminal) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	for _, st := range p.steps {
		pos.ReportCardProgress(ctx, st)
		p.looked()
	}
	return p.testTerminal.Pay(ctx, req)
}

func (p *progressTerminal) Refund(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	for _, st := range p.steps {
		pos.ReportCardProgress(ctx, st)
		p.looked()
	}
	return p.testTerminal.Refund(ctx, req)
}

var chipAndPIN = []pos.CardProgress{{Step: pos.CardStepPresentCard}, {Step: pos.CardStepEnterPIN}, {Step: pos.CardStepProcessing},
	{Step: pos.CardStepRemoveCard}, {Step: pos.CardStepApproved}, {Step: pos.CardStepOther, TerminalText: "Firme aquí"}}

func TestLaneShowsTerminalProgress(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"es", []string{"Esperando la tarjeta: insertar, acercar o deslizar", "El cliente teclea el PIN", "Consultando con el banco…",
			"El cliente retira la tarjeta", "Aprobado en el datáfono", "Datáfono: Firme aquí"}},
		{"en", []string{"Waiting for the card: insert, tap or swipe", "The customer is entering the PIN", "Asking the bank…",
			"The customer removes the card", "Approved on the terminal", "Terminal: Firme aquí"}},
	} {
		term := &progressTerminal{testTerminal: testTerminal{outcome: pos.CardApproved}, steps: chipAndPIN}
		lane, db := newTestLane(t)
		cards := pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
		s := NewLaneScreen(test.NewTempApp(t), lane, LaneOptions{Lang: tc.lang, Cards: cards})
		s.Window().Show()
		s.jobs.wait()
		var shown []string
		term.looked = func() {
			if s.right.Objects[0] != s.card.box {
				t.Fatal("the card panel is not on screen while the customer pays")
			}
			shown = append(shown, s.card.step.Text)
		}
		scan(t, s, coffeeCode)
		test.Tap(s.cardBtn)
		if s.card.step.Text == "" {
			t.Error("no step shown before the terminal reports")
		}
		s.jobs.wait()
		if !slices.Equal(shown, tc.want) {
			t.Errorf("%s: shown %q\nwant %q", tc.lang, shown, tc.want)
		}
		if sale, err := db.SaleByNumber(context.Background(), 1); err != nil || sale.Tenders[0].Method != pos.TenderCard {
			t.Errorf("%s: recorded %+v %v", tc.lang, sale, err)
		}
		s.Window().Close()
	}
}

func TestKioskShowsTerminalPrompts(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	term := &progressTerminal{testTerminal: testTerminal{outcome: pos.CardApproved}, steps: chipAndPIN}
	k.opts.Cards = pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
	var shown []string
	term.looked = func() {
		if !k.sell.paying.Visible() || k.state != statePaying {
			t.Fatal("the paying box is not on screen while the customer pays")
		}
		shown = append(shown, payingText(k))
	}
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, coffeeCode)
	test.Tap(k.sell.pay)
	if got := payingText(k); got != "Siga las instrucciones del datáfono" {
		t.Errorf("before the terminal reports: %q", got)
	}
	k.jobs.wait()
	want := []string{"Inserte, acerque o deslice su tarjeta", "Teclee su PIN en el datáfono", "Procesando el pago…", "Retire su tarjeta",
		"Pago aprobado", "Siga las instrucciones del datáfono"}
	if !slices.Equal(shown, want) {
		t.Errorf("shown %q\nwant %q", shown, want)
	}
	if k.state != stateDone {
		t.Errorf("after paying: state %d, %q", k.state, k.sell.message.Text)
	}
}

// payingText is the instruction the kiosk shows while the customer pays.
func payingText(k *KioskScreen) string { return k.sell.paying.Objects[0].(*widget.Label).Text }

// TestDeskShowsTerminalProgressOnRefund: a card refund at the desk runs on
// the terminal, and the clerk sees its steps in the desk's language until the
// result replaces them.
func TestDeskShowsTerminalProgressOnRefund(t *testing.T) {
	ctx := context.Background()
	term := &progressTerminal{testTerminal: testTerminal{outcome: pos.CardApproved}, looked: func() {}}
	lane, db := newTestLane(t)
	cards := pos.NewCardPayments(term, db, pos.SystemClock{}, quiet, pos.CardPayConfig{})
	if _, err := lane.Scan(ctx, coffeeCode); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.PayCard(ctx, cards); err != nil {
		t.Fatal(err)
	}
	d := NewDeskScreen(test.NewTempApp(t), lane, DeskOptions{Lang: "es", FindSale: findLocal(db), Cards: cards})
	d.Window().Show()
	d.jobs.wait()
	d.code.SetText("lane-1-000001")
	pressEnter(d.Window().Canvas())
	d.jobs.wait()
	if len(d.qty) != 1 {
		t.Fatalf("lines shown: %d", len(d.qty))
	}
	test.Type(d.qty[1], "1")
	d.reason.SetText("No lo quiere")
	d.supID.SetText("2001")
	d.supPIN.SetText("9999")
	var shown []string
	term.steps = chipAndPIN[:3]
	term.looked = func() { shown = append(shown, d.message.Text) }
	test.Tap(d.confirm)
	d.jobs.wait()
	want := []string{"Esperando la tarjeta: insertar, acercar o deslizar", "El cliente teclea el PIN", "Consultando con el banco…"}
	if !slices.Equal(shown, want) {
		t.Errorf("shown %q\nwant %q", shown, want)
	}
	if d.message.Text != "" || !strings.Contains(d.result.Text, "lane-1-R000001") {
		t.Errorf("after the refund: message %q result %q", d.message.Text, d.result.Text)
	}
}
