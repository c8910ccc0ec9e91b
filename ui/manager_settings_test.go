package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// Settings show what the device runs with, are refused to a role that may
// not change them until an admin gives their code and PIN, and are kept in
// the device's store (journalled) for the next start.
func TestManagerSettingsSavedByAdmin(t *testing.T) {
	lane, db := newTestLane(t) // the cashier 1001 is signed in
	m := NewManagerScreen(test.NewTempApp(t), lane, ManagerOptions{Lang: "es", Journal: db, Settings: db, PrinterAddress: "10.0.0.9:9100"})
	m.Window().Show()
	m.jobs.wait()
	st := m.settings
	if st.lang.Selected != "Español" || st.name.Text != "Tienda Centro" || st.printer.Text != "10.0.0.9:9100" || st.idle.Text != "" {
		t.Fatalf("shown: lang %q name %q printer %q idle %q", st.lang.Selected, st.name.Text, st.printer.Text, st.idle.Text)
	}
	st.lang.SetSelected("English")
	st.name.SetText("Omnilane Sol")
	st.address.SetText("Puerta del Sol 3\n28013 Madrid\n")
	st.taxID.SetText("NIF B12345678")
	st.idle.SetText("abc")
	test.Tap(st.save)
	m.jobs.wait()
	if st.message.Text != "El cierre de sesión por inactividad va de 1 a 480 minutos." {
		t.Errorf("bad idle: %q", st.message.Text)
	}
	st.idle.SetText("10")
	st.printer.SetText("impresora")
	test.Tap(st.save)
	m.jobs.wait()
	if st.message.Text != "La impresora se indica como host:puerto, por ejemplo 192.168.1.50:9100." {
		t.Errorf("bad printer: %q", st.message.Text)
	}
	st.printer.SetText("192.168.1.50:9100")
	test.Tap(st.save)
	m.jobs.wait()
	if st.message.Text != "Esta acción necesita la autorización de un supervisor." {
		t.Fatalf("cashier saving: %q", st.message.Text)
	}
	if _, ok, _ := db.LoadSettings(context.Background()); ok {
		t.Fatal("settings saved without permission")
	}
	test.Type(st.supID, "3001") // a manager may not either
	test.Type(st.supPIN, "5555")
	test.Tap(st.save)
	m.jobs.wait()
	if st.message.Text == "Ajustes guardados. Se aplican al reiniciar la caja." {
		t.Fatal("a manager's override saved settings reserved to admins")
	}
	st.supID.SetText("9001")
	test.Type(st.supPIN, "0000")
	test.Tap(st.save)
	m.jobs.wait()
	if st.message.Text != "Ajustes guardados. Se aplican al reiniciar la caja." || st.supPIN.Text != "" {
		t.Fatalf("admin saving: %q", st.message.Text)
	}
	got, ok, err := db.LoadSettings(context.Background())
	want := pos.Settings{Lang: "en", StoreName: "Omnilane Sol", Address: []string{"Puerta del Sol 3", "28013 Madrid"}, TaxID: "NIF B12345678",
		IdleSignOut: 10 * time.Minute, Printer: "192.168.1.50:9100"}
	if err != nil || !ok || got.Lang != want.Lang || got.StoreName != want.StoreName || len(got.Address) != 2 || got.Address[1] != want.Address[1] ||
		got.TaxID != want.TaxID || got.IdleSignOut != want.IdleSignOut || got.Printer != want.Printer {
		t.Fatalf("saved %+v %v %v", got, ok, err)
	}
	ev, err := db.LastEvent(context.Background())
	if err != nil || ev.Type != pos.EventSettingsChanged {
		t.Errorf("last event %s %v", ev.Type, err)
	}

	// A fresh manager screen shows the saved settings.
	m2 := NewManagerScreen(test.NewTempApp(t), lane, ManagerOptions{Lang: "en", Journal: db, Settings: db})
	m2.Window().Show()
	m2.jobs.wait()
	if s2 := m2.settings; s2.lang.Selected != "English" || s2.name.Text != "Omnilane Sol" || s2.idle.Text != "10" || s2.address.Text != "Puerta del Sol 3\n28013 Madrid" {
		t.Errorf("reloaded: %q %q %q %q", s2.lang.Selected, s2.name.Text, s2.idle.Text, s2.address.Text)
	}
}
