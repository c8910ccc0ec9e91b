package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// sellOne rings up the coffee (3,49 €) and pays it exactly, through the lane service.
func sellOne(t *testing.T, lane *pos.Lane) {
	t.Helper()
	ctx := context.Background()
	if _, err := lane.Scan(ctx, coffeeCode); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.PayCash(ctx, 349); err != nil {
		t.Fatal(err)
	}
}

func TestManagerXAndBlindCloseWithSupervisor(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	sellOne(t, lane)
	m := NewManagerScreen(a, lane, ManagerOptions{Lang: "es", Journal: db})
	m.Window().Show()
	m.jobs.wait()
	sh := m.shift
	contains(t, "shift info", sh.info.Text, "Turno abierto por 1001\n")

	test.Tap(sh.xBtn)
	m.jobs.wait()
	contains(t, "X report", sh.report.Text, "INFORME X")
	contains(t, "X report", sh.report.Text, "3,49 €")

	// The cashier counts 3,49 € but may not close alone.
	for v, n := range map[pos.Money]int{200: 1, 100: 1, 20: 2, 5: 1, 2: 2} {
		sh.count.set(v, n)
	}
	test.Tap(sh.closeBt)
	m.jobs.wait()
	if sh.message.Text != "Esta acción necesita la autorización de un supervisor." {
		t.Fatalf("close as cashier: %q", sh.message.Text)
	}
	test.Type(sh.supID, "2001")
	test.Type(sh.supPIN, "9999")
	test.Tap(sh.closeBt)
	m.jobs.wait()
	if sh.message.Text != "" {
		t.Fatalf("close with supervisor: %q", sh.message.Text)
	}
	contains(t, "Z report", sh.report.Text, "INFORME Z 1")
	contains(t, "Z report", sh.report.Text, "Diferencia")
	if !strings.Contains(sh.report.Text, "0,00 €") {
		t.Errorf("no zero difference in %q", sh.report.Text)
	}
	if sh.info.Text != "No hay turno abierto." || !sh.closeBt.Disabled() {
		t.Errorf("after close: %q", sh.info.Text)
	}
	if _, err := lane.Till().Current(context.Background()); pos.ErrorCode(err) != pos.ENOSHIFT {
		t.Errorf("shift still open: %v", err)
	}
}

func TestManagerVerifiesJournal(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newTestLane(t)
	sellOne(t, lane)
	m := NewManagerScreen(a, lane, ManagerOptions{Lang: "en", Journal: db})
	m.Window().Show()
	m.jobs.wait()

	test.Tap(m.journal.verify)
	m.jobs.wait()
	contains(t, "verify", m.journal.result.Text, "Journal sound:")
	test.Tap(m.journal.show)
	m.jobs.wait()
	if len(m.journal.events) == 0 || m.journal.events[0].Type != pos.EventSaleCompleted {
		t.Fatalf("journal view: %d entries, newest %+v", len(m.journal.events), m.journal.events)
	}
	contains(t, "newest entry", eventText("en", m.journal.events[0]), "Sale")
	contains(t, "newest entry", eventText("en", m.journal.events[0]), "1001")
	if m.journal.progress.Visible() {
		t.Error("progress still shown after verifying")
	}

	if _, err := db.SQL().Exec(`UPDATE journal SET payload = replace(payload, '349', '100') WHERE type = 'sale.completed'`); err != nil {
		t.Fatal(err)
	}
	test.Tap(m.journal.verify)
	m.jobs.wait()
	contains(t, "broken", m.journal.result.Text, "Journal broken at entry")
	contains(t, "broken", m.journal.result.Text, "call support")
}

func TestManagerDevicesAndSync(t *testing.T) {
	a := test.NewTempApp(t)
	lane, _ := newTestLane(t)
	printed := 0
	devices := func() []DeviceStatus {
		return []DeviceStatus{
			{Class: "printer", Name: "TM-T20III 192.168.1.50", State: DeviceError, Reason: "sin papel"},
			{Class: "scanner", Name: "HID 0c2e:0b61", State: DeviceReady},
		}
	}
	last := time.Now().Add(-90 * time.Second)
	m := NewManagerScreen(a, lane, ManagerOptions{Lang: "es",
		Devices:   devices,
		Sync:      fixedSync{Online: false, Pending: 12, LastSuccess: last, LastError: "connection refused"},
		TestPrint: func(context.Context) error { printed++; return errors.New("paper out") },
	})
	m.Window().Show()
	m.jobs.wait()
	d := m.devices
	if len(d.list.Objects) != 2 {
		t.Fatalf("devices shown: %d", len(d.list.Objects))
	}
	contains(t, "sync", d.sync.Text, "Sin conexión · 12 eventos pendientes")
	contains(t, "sync", d.sync.Text, "Última conexión:")
	contains(t, "sync", d.sync.Text, "connection refused")
	test.Tap(d.testPrint)
	m.jobs.wait()
	if printed != 1 || d.printMsg.Text != "La impresora no respondió: paper out" {
		t.Errorf("test print: %d, %q", printed, d.printMsg.Text)
	}
}

// TestManagerSignInFirst: in production nobody is signed in; the manager
// screen shows nothing but the sign-in until someone signs in, names them,
// and signs out (clearing the last report) on request.
func TestManagerSignInFirst(t *testing.T) {
	a := test.NewTempApp(t)
	lane, db := newBareLane(t)
	m := NewManagerScreen(a, lane, ManagerOptions{Lang: "en", Journal: db})
	m.Window().Show()
	m.jobs.wait()
	c := m.Window().Canvas()
	if m.Window().Content() != m.signin.box || c.Focused() != m.signin.id {
		t.Fatal("the manager screen does not start on the sign-in")
	}
	test.Type(m.signin.id, "3001")
	pressEnter(c)
	test.Type(m.signin.pin, "5555")
	pressEnter(c)
	m.jobs.wait()
	if m.Window().Content() != m.main || m.bar.operator.Text != "Signed in: Marta (gerente)" {
		t.Fatalf("after sign-in: main %v, bar %q, message %q", m.Window().Content() == m.main, m.bar.operator.Text, m.signin.message.Text)
	}
	if m.shift.info.Text != "No shift is open." {
		t.Errorf("shift info %q", m.shift.info.Text)
	}
	test.Tap(m.journal.verify)
	m.jobs.wait()
	contains(t, "verify", m.journal.result.Text, "Journal sound:")
	test.Tap(m.bar.signOut)
	m.jobs.wait()
	if m.Window().Content() != m.signin.box {
		t.Fatal("sign out does not hide the manager screen")
	}
	ev, err := db.LastEvent(context.Background())
	if err != nil || ev.Type != pos.EventOperatorSignedOut || ev.Operator != "3001" {
		t.Errorf("sign-out journalled as %s by %s, %v", ev.Type, ev.Operator, err)
	}
}
