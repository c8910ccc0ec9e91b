package adapt_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/adapt"
	"github.com/omnilane/omnilane/devices/printer"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/transport"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// A desk that hands over part of an online order prints the pickup slip on
// its receipt printer (the ESC/POS bytes decoded by the printer simulator on
// a real socket), and can print a copy of it later.
func TestPickupSlipPrinted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	prof, err := cat.Printer("TM-T20III")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := printersim.New(printersim.Config{Profile: prof, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go sim.Serve(ctx, ln)
	pr, err := printer.New(printer.Config{Dialer: transport.TCP{Addr: ln.Addr().String()}, Profile: prof, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()

	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), "desk-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	order := pos.Order{ID: "W-20417", StoreID: "s1", PickupCode: "PK7Q2", CustomerName: "Lucía Fernández", Phone: "600111222",
		Status: pos.OrderReady, Currency: "EUR", Paid: 1547, PaymentRef: "PSP-889",
		Lines: []pos.OrderLine{{No: 1, SKU: "CAF", Name: "Café molido 250 g", Qty: 2, Amount: 698}, {No: 2, SKU: "VIN", Name: "Vino tinto", Qty: 1, Amount: 849}}}
	if err := db.UpsertOrders(ctx, []pos.Order{order}); err != nil {
		t.Fatal(err)
	}
	info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Address: []string{"Calle Mayor 1, Madrid"}, Lang: "es", Currency: pos.EUR, Location: time.UTC}
	clock := pos.ClockFunc(func() time.Time { return time.Date(2026, 12, 6, 11, 30, 0, 0, time.UTC) })
	lane := pos.NewLane(pos.LaneConfig{DeviceID: "desk-1", Store: info, Access: pos.AccessPolicy{BcryptCost: 4},
		ReportPrinter: adapt.ReceiptPrinter{Printer: pr}}, db, clock, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}

	rel, err := lane.ReleasePickup(ctx, order.ID, "", []pos.ReturnLine{{LineNo: 1, Qty: 1}})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sim.WaitReceipts(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	slip := rs[0].Text
	for _, want := range []string{"Tienda Centro", "Calle Mayor 1, Madrid", "ENTREGA DE PEDIDO", "Pedido: W-20417", "Código de recogida: PK7Q2",
		"Cliente: Lucía Fernández", "Fecha: 06/12/2026 11:30", "ENTREGADO AHORA", "1 x Café molido 250 g", "PENDIENTE DE ENTREGA",
		"Vino tinto", "Pagado en línea", "15,47 €", "Firma del cliente:", "______________________________"} {
		if !strings.Contains(slip, want) {
			t.Errorf("slip lacks %q:\n%s", want, slip)
		}
	}
	// What is pending: one coffee and the wine, under the pending heading.
	_, pending, _ := strings.Cut(slip, "PENDIENTE DE ENTREGA")
	if !strings.Contains(pending, "1 x Café molido 250 g") || !strings.Contains(pending, "1 x Vino tinto") {
		t.Errorf("pending part:\n%s", pending)
	}
	if strings.Contains(slip, "COPIA") {
		t.Error("the first slip is marked as a copy")
	}
	var barcode string
	for _, c := range rs[0].Commands {
		if c.Kind == "barcode" {
			barcode = c.Data
		}
	}
	if !strings.Contains(barcode, "PK7Q2") {
		t.Errorf("slip barcode %q", barcode)
	}

	// A retried release (same id) prints nothing more; a reprint prints a copy.
	if _, err := lane.ReleasePickup(ctx, order.ID, rel.ID, []pos.ReturnLine{{LineNo: 1, Qty: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReprintPickupSlip(ctx, rel.ID); err != nil {
		t.Fatal(err)
	}
	rs, err = sim.WaitReceipts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || !strings.Contains(rs[1].Text, "*** COPIA ***") || !strings.Contains(rs[1].Text, "Cliente: Lucía Fernández") {
		t.Fatalf("%d slips; reprint:\n%s", len(rs), rs[len(rs)-1].Text)
	}
}
