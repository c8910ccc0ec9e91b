package ui

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/omnilane/omnilane/pos"
)

// TestKioskReceiptQR: after a card payment the receipt is queued for the
// printer and shown as a QR code of "omnilane:receipt:<code>"; the desk
// finds the sale from that scanned text. When zbarimg is installed, the
// QR on the rendered screen is read back as a phone would.
func TestKioskReceiptQR(t *testing.T) {
	k, db, _ := newTestKiosk(t, pos.CardApproved, KioskOptions{})
	ctx := context.Background()
	test.Tap(k.attract.buttons["es"])
	kioskScan(t, k, coffeeCode)
	test.Tap(k.sell.pay)
	k.jobs.wait()
	if k.state != stateDone {
		t.Fatalf("not paid: %q", k.sell.message.Text)
	}
	if k.done.qrText != "omnilane:receipt:lane-1-000001" || !k.done.qrHint.Visible() {
		t.Fatalf("QR text %q", k.done.qrText)
	}
	if len(k.done.qr.Objects) != 1 {
		t.Fatal("no QR image on the thanks screen")
	}
	if img, ok := k.done.qr.Objects[0].(*canvas.Image); !ok || img.MinSize().Width < 200 {
		t.Errorf("QR image too small for a phone: %v", k.done.qr.Objects[0].MinSize())
	}
	contains(t, "hint", k.done.qrHint.Text, "Su tique se está imprimiendo")
	jobs, err := db.PendingReceiptJobs(ctx, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("receipt jobs %+v, %v", jobs, err)
	}
	sale, err := db.SaleByNumber(ctx, 1)
	if err != nil || jobs[0].SaleID != sale.ID {
		t.Errorf("the queued receipt is not the sale's: %+v %v", jobs[0], err)
	}

	if zbar, err := exec.LookPath("zbarimg"); err == nil {
		name := filepath.Join(t.TempDir(), "thanks.png")
		if err := RenderPNG(k.Window(), fyne.NewSize(1024, 768), name); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbar, "-q", "--raw", name).Output()
		if err != nil || strings.TrimSpace(string(out)) != "omnilane:receipt:lane-1-000001" {
			t.Errorf("zbarimg read %q from the screen, %v", out, err)
		}
	}

	// The customer shows the QR at the desk.
	d := NewDeskScreen(test.NewTempApp(t), k.lane, DeskOptions{Lang: "es", FindSale: findLocal(db)})
	d.Window().Show()
	d.jobs.wait()
	if d.Window().Content() != d.main {
		t.Fatal("desk not shown to the signed-in operator")
	}
	d.code.SetText(k.done.qrText)
	d.findSale()
	d.jobs.wait()
	contains(t, "desk from QR", d.header.Text, "Tique lane-1-000001")
}
