package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// With no shift open, the manager counts the float by denomination and
// opens it from the shift tab; the close form replaces the open form.
func TestManagerOpensShiftWithCount(t *testing.T) {
	lane, db := newBareLane(t)
	ctx := context.Background()
	if _, err := lane.Access().SignIn(ctx, "3001", "5555"); err != nil {
		t.Fatal(err)
	}
	m := NewManagerScreen(test.NewTempApp(t), lane, ManagerOptions{Lang: "es", Journal: db})
	m.Window().Show()
	m.jobs.wait()
	sh := m.shift
	if sh.info.Text != "No hay turno abierto." || !sh.open.box.Visible() || sh.closing.Visible() || !sh.xBtn.Disabled() {
		t.Fatalf("no shift: info %q, open form %v, close form %v", sh.info.Text, sh.open.box.Visible(), sh.closing.Visible())
	}
	sh.open.count.set(2000, 2)
	sh.open.count.set(100, 10)
	if sh.open.count.total.Text == "" {
		t.Error("no running total while counting")
	}
	sh.open.count.set(50, -1) // a slip of the finger
	test.Tap(sh.open.open)
	m.jobs.wait()
	if sh.open.message.Text == "" || sh.open.box.Visible() == false {
		t.Fatalf("bad count accepted: %q", sh.open.message.Text)
	}
	sh.open.count.set(50, 0)
	test.Tap(sh.open.open)
	m.jobs.wait()
	cur, err := lane.Till().Current(ctx)
	if err != nil || cur.Float != 5000 || cur.OpenedBy != "3001" {
		t.Fatalf("shift %+v %v", cur, err)
	}
	contains(t, "shift info", sh.info.Text, "Turno abierto por 3001")
	if sh.report.Text != "Turno abierto con un fondo de 50,00 €." || sh.open.box.Visible() || !sh.closing.Visible() || sh.xBtn.Disabled() {
		t.Errorf("after opening: report %q, open form %v, close form %v", sh.report.Text, sh.open.box.Visible(), sh.closing.Visible())
	}
	ev, err := db.LastEvent(ctx)
	if err != nil || ev.Type != pos.EventShiftOpened {
		t.Errorf("last event %s %v", ev.Type, err)
	}
}
