package escpos

import (
	"sync"
	"testing"

	"github.com/omnilane/omnilane/devices/profile"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

var loadCatalog = sync.OnceValues(func() (*profile.Catalog, error) {
	return profile.Load(firmwareprofiles.FS())
})

func catalog(t testing.TB) *profile.Catalog {
	t.Helper()
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func printer(t testing.TB, id string) *profile.Printer {
	t.Helper()
	p, err := catalog(t).Printer(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sampleReceipt() *Document {
	d := &Document{}
	d.Text("Panadería Muñoz", Style{Bold: true, DoubleWidth: true, DoubleHeight: true, Align: AlignCenter}).
		Line("Calle Mayor 1, Logroño").
		Separator().
		Columns("Piñones 100 g", "3,25 €", Style{}).
		Columns("Pingüino de azúcar", "1,10 €", Style{}).
		Columns("Pão de açúcar com limão", "2,00 €", Style{}).
		Separator().
		Columns("TOTAL", "6,35 €", Style{Bold: true}).
		Columns("Efectivo", "10,00 €", Style{}).
		Columns("Cambio", "3,65 €", Style{}).
		Text("¡Gracias por su compra!", Style{Align: AlignCenter}).
		QR("https://id.example.com/01/08412345678905").
		Barcode(CODE128, "L01-000042").
		Feed(2).
		KickDrawer().
		Cut()
	return d
}
