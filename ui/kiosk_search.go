package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// kioskSearch lets a customer find an item that has no barcode to scan,
// by typing part of its name; big rows, one tap adds it.
type kioskSearch struct {
	box     fyne.CanvasObject
	query   *entry
	list    *widget.List
	message *widget.Label
	results []pos.Product
}

func (k *KioskScreen) newSearch() *kioskSearch {
	s := &kioskSearch{query: k.tap.newEntry(), message: widget.NewLabel("")}
	s.query.SetPlaceHolder(i18n.T(k.lang, "search.placeholder"))
	s.query.OnChanged = func(q string) {
		k.touch()
		if len([]rune(strings.TrimSpace(q))) >= 2 {
			k.runSearch(q)
		}
	}
	s.message.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			name, price := widget.NewLabel("name"), widget.NewLabel("0,00 €")
			name.Truncation = fyne.TextTruncateEllipsis
			price.TextStyle.Bold = true
			return container.NewBorder(nil, nil, nil, price, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.results) {
				return
			}
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(s.results[id].DisplayName(k.lang))
			c.Objects[1].(*widget.Label).SetText(productPrice(k.lang, k.basket.Currency, s.results[id]))
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.results) {
			k.addFound(s.results[id])
		}
	}
	back := widget.NewButton(i18n.T(k.lang, "cash.cancel"), k.closeSearch)
	s.box = container.NewBorder(container.NewVBox(s.query, s.message), tall(back, 90), nil, nil, s.list)
	return s
}

// openSearch shows the name search full screen.
func (k *KioskScreen) openSearch() {
	k.touch()
	k.search = k.newSearch()
	k.show(k.search.box)
	k.window.Canvas().Focus(k.search.query)
}

// closeSearch goes back to the basket.
func (k *KioskScreen) closeSearch() {
	k.touch()
	k.show(k.sell.box)
	k.window.Canvas().Focus(k.sell.code)
}

// runSearch looks the name up off the UI goroutine; stale answers are dropped.
func (k *KioskScreen) runSearch(q string) {
	q = strings.TrimSpace(q)
	k.jobs.do(func() func() {
		found, err := k.opts.Catalog.SearchProducts(context.Background(), q, searchLimit)
		return func() {
			s := k.search
			if s == nil || strings.TrimSpace(s.query.Text) != q {
				return
			}
			s.results = found
			s.list.Refresh()
			switch {
			case err != nil || len(found) == 0:
				s.message.SetText(i18n.T(k.lang, "search.none", q))
			default:
				s.message.SetText(i18n.T(k.lang, "kiosk.search.tap"))
			}
		}
	})
}

// addFound adds a product picked from the search by its barcode.
func (k *KioskScreen) addFound(p pos.Product) {
	k.jobs.do(func() func() {
		if len(p.Barcodes) == 0 {
			if c, ok := k.opts.Catalog.(productBySKU); ok {
				if full, err := c.ProductBySKU(context.Background(), p.SKU); err == nil {
					p = full
				}
			}
		}
		return func() {
			if len(p.Barcodes) == 0 {
				k.search.message.SetText(i18n.T(k.lang, "kiosk.staff"))
				return
			}
			k.closeSearch()
			k.sell.code.SetText(p.Barcodes[0])
			k.scan()
		}
	})
}
