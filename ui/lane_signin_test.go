package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

func TestLaneSignInOpenShiftThenSell(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newBareLane(t)
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "es"})
	s.Window().Show()
	s.jobs.wait()

	c := s.Window().Canvas()
	if s.Window().Content() != s.signin.box || c.Focused() != s.signin.id {
		t.Fatal("the sign-in screen is not shown with the operator code focused")
	}
	// Wrong PIN.
	test.Type(s.signin.id, "1001")
	pressEnter(c)
	if c.Focused() != s.signin.pin {
		t.Fatal("Enter on the code does not move to the PIN")
	}
	test.Type(s.signin.pin, "0000")
	pressEnter(c)
	s.jobs.wait()
	if s.signin.message.Text != "Código, PIN o tarjeta incorrectos." || s.signin.pin.Text != "" {
		t.Errorf("wrong PIN: message %q, pin %q", s.signin.message.Text, s.signin.pin.Text)
	}
	// Right PIN from the on-screen keypad.
	for _, k := range []string{"1", "2", "3", "4"} {
		tapButton(t, s.signin.box, k)
	}
	tapButton(t, s.signin.box, "↵")
	s.jobs.wait()
	if s.Window().Content() != s.main {
		t.Fatalf("not signed in: %q", s.signin.message.Text)
	}
	if s.status.operator.Text != "Cajero: Ana (cajera)" {
		t.Errorf("status operator %q", s.status.operator.Text)
	}
	// No shift yet: the float count is asked for.
	if s.shift == nil || s.right.Objects[0] != s.shift.box {
		t.Fatal("the float count is not shown")
	}
	s.shift.count.set(5000, 2)
	s.shift.count.set(200, 5)
	if s.shift.count.total.Text != "Total contado: 110,00 €" {
		t.Errorf("count total %q", s.shift.count.total.Text)
	}
	test.Tap(s.shift.open)
	s.jobs.wait()
	if s.message.Text != "Turno abierto con un fondo de 110,00 €. Ya puede vender." {
		t.Errorf("after opening: %q", s.message.Text)
	}
	sh, err := lane.Till().Current(context.Background())
	if err != nil || sh.Float != 11000 || sh.OpenedBy != "1001" {
		t.Errorf("shift recorded %+v, %v", sh, err)
	}
	scan(t, s, coffeeCode)
	if len(rows(s)) != 1 {
		t.Errorf("cannot sell after opening the shift: %q", s.message.Text)
	}

	// Sign out, then back in with a badge scanned into the code field.
	test.Tap(s.signOutBtn)
	s.jobs.wait()
	if s.Window().Content() != s.signin.box {
		t.Fatal("sign out does not show the sign-in screen")
	}
	if _, err := lane.Scan(context.Background(), coffeeCode); pos.ErrorCode(err) != pos.ENOOPERATOR {
		t.Errorf("lane still sells after sign-out: %v", err)
	}
	test.Type(s.signin.id, "DEMO-2001")
	pressEnter(c)
	s.jobs.wait()
	if s.Window().Content() != s.main || s.status.operator.Text != "Cajero: Sergio (supervisor)" {
		t.Errorf("badge sign-in: content main=%v operator %q message %q", s.Window().Content() == s.main, s.status.operator.Text, s.signin.message.Text)
	}
	if len(rows(s)) != 1 {
		t.Error("the open basket was lost across sign-out and sign-in")
	}
	_ = db
}

func TestLaneSignInScreenEnglish(t *testing.T) {
	a := test.NewTempApp(t)
	lane, _ := newBareLane(t)
	s := NewLaneScreen(a, lane, LaneOptions{Lang: "en"})
	s.Window().Show()
	s.jobs.wait()
	test.Tap(s.signin.submit)
	if s.signin.message.Text != "Type your operator code" {
		t.Errorf("empty sign-in: %q", s.signin.message.Text)
	}
	tapButton(t, s.signin.box, "Español")
	if s.Window().Content() != s.signin.box || s.signin.submit.Text != "Entrar" {
		t.Errorf("language switch on the sign-in screen: %q", s.signin.submit.Text)
	}
}
