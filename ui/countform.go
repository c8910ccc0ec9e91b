package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// countForm counts cash by denomination: one count field per note and coin
// of the currency (laid out as pairs label+field per row), and the running
// total. Used to open a shift (the float)
// and to close one (the blind count).
type countForm struct {
	box    fyne.CanvasObject
	cur    pos.Currency
	lang   string
	values []pos.Money
	counts []*widget.Entry
	total  *widget.Label
}

func newCountForm(lang string, cur pos.Currency, pairs int) *countForm {
	f := &countForm{cur: cur, lang: lang, values: pos.Denominations(cur), total: widget.NewLabel("")}
	f.total.TextStyle.Bold = true
	grid := container.NewGridWithColumns(2 * pairs)
	for _, v := range f.values {
		e := widget.NewEntry()
		e.SetPlaceHolder("0")
		e.OnChanged = func(string) { f.showTotal() }
		f.counts = append(f.counts, e)
		l := widget.NewLabel(cur.Format(v, lang))
		l.Alignment = fyne.TextAlignTrailing
		grid.Add(l)
		grid.Add(e)
	}
	f.box = container.NewVBox(grid, f.total)
	f.showTotal()
	return f
}

// set types n into the count of value v, as a cashier would.
func (f *countForm) set(v pos.Money, n int) {
	for i, x := range f.values {
		if x == v {
			f.counts[i].SetText(strconv.Itoa(n))
		}
	}
}

// count reads the form; ok is false if a field is not a whole number.
func (f *countForm) count() (c pos.CashCount, bad string, ok bool) {
	c.Denominations = []pos.Denomination{}
	for i, e := range f.counts {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			continue
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n < 0 {
			return pos.CashCount{}, t, false
		}
		if n > 0 {
			c.Denominations = append(c.Denominations, pos.Denomination{Value: f.values[i], Count: n})
		}
	}
	return c, "", true
}

func (f *countForm) showTotal() {
	c, _, ok := f.count()
	if !ok {
		f.total.SetText(i18n.T(f.lang, "count.bad"))
		return
	}
	f.total.SetText(i18n.T(f.lang, "count.total", f.cur.Format(c.Total(), f.lang)))
}
