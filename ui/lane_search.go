package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// searchLimit is how many products a name search shows.
const searchLimit = 30

// searchPanel finds products by name for items that will not scan.
type searchPanel struct {
	box     fyne.CanvasObject
	query   *entry
	list    *widget.List
	message *widget.Label
	back    *widget.Button
	results []pos.Product
	// stock is the on-hand of the results, when the catalog can tell
	// (pos.StockView).
	stock map[string]pos.OnHand
}

func (s *LaneScreen) newSearchPanel() *searchPanel {
	p := &searchPanel{query: s.tap.newEntry(), message: widget.NewLabel("")}
	p.query.SetPlaceHolder(i18n.T(s.lang, "search.placeholder"))
	p.query.OnChanged = func(q string) {
		if len([]rune(strings.TrimSpace(q))) >= 2 {
			s.runSearch(q)
		}
	}
	p.query.OnSubmitted = s.runSearch
	p.message.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.results) },
		func() fyne.CanvasObject {
			name, stock, price := widget.NewLabel("name"), widget.NewLabel(""), widget.NewLabel("0,00 €")
			name.Truncation = fyne.TextTruncateEllipsis
			price.TextStyle.Bold = true
			return container.NewBorder(nil, nil, nil, container.NewHBox(stock, price), name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.results) {
				return
			}
			c := o.(*fyne.Container)
			right := c.Objects[1].(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(p.results[id].DisplayName(s.lang))
			right.Objects[0].(*widget.Label).SetText(onHandText(s.lang, p.results[id], p.stock[p.results[id].SKU]))
			right.Objects[1].(*widget.Label).SetText(productPrice(s.lang, s.basket.Currency, p.results[id]))
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.results) {
			s.addSearched(p.results[id])
		}
	}
	p.back = widget.NewButton(i18n.T(s.lang, "cash.cancel"), s.closeSearch)
	title := widget.NewLabel(i18n.T(s.lang, "search.title"))
	title.TextStyle.Bold = true
	top := container.NewVBox(title, p.query, p.message)
	p.box = container.NewBorder(top, tall(p.back, 56), nil, nil, p.list)
	return p
}

// openSearch shows the name search on the right-hand side.
func (s *LaneScreen) openSearch() {
	p := s.search
	p.query.SetText("")
	p.results = nil
	p.list.Refresh()
	p.message.SetText(i18n.T(s.lang, "search.hint"))
	s.setPane(p.box)
	s.window.Canvas().Focus(p.query)
}

// closeSearch goes back to selling.
func (s *LaneScreen) closeSearch() {
	s.setPane(s.sellPane)
	s.focusCode()
}

// runSearch looks q up in the catalog off the UI goroutine; a result that
// arrives after the cashier typed more is dropped.
func (s *LaneScreen) runSearch(q string) {
	q = strings.TrimSpace(q)
	if q == "" || s.opts.Catalog == nil {
		return
	}
	s.jobs.do(func() func() {
		found, err := s.opts.Catalog.SearchProducts(context.Background(), q, searchLimit)
		stock := searchStock(s.opts.Catalog, found)
		return func() {
			p := s.search
			if strings.TrimSpace(p.query.Text) != q {
				return
			}
			p.results, p.stock = found, stock
			p.list.Refresh()
			p.list.ScrollToTop()
			switch {
			case err != nil:
				p.message.SetText(ErrorMessage(s.lang, err))
			case len(found) == 0:
				p.message.SetText(i18n.T(s.lang, "search.none", q))
			default:
				p.message.SetText(i18n.T(s.lang, "search.found", len(found)))
			}
		}
	})
}

// searchStock returns the on-hand of found when the catalog knows the
// store's stock (pos/sqlite's does: central's snapshot plus the sales not
// yet counted); nil otherwise or when it cannot be read — the figure is a
// help, never a reason to stop the cashier finding a product.
func searchStock(c pos.Catalog, found []pos.Product) map[string]pos.OnHand {
	sv, ok := c.(pos.StockView)
	if !ok || len(found) == 0 {
		return nil
	}
	skus := make([]string, len(found))
	for i, p := range found {
		skus[i] = p.SKU
	}
	stock, err := sv.OnHand(context.Background(), skus)
	if err != nil {
		return nil
	}
	return stock
}

// onHandText is a search result's stock as the cashier reads it: "12 en
// tienda", "agotado", "sobrevendido en 3", "1,250 kg en tienda"; "" when
// the store's stock of the product is unknown (never counted).
func onHandText(lang string, p pos.Product, oh pos.OnHand) string {
	if !oh.Known {
		return ""
	}
	qty := func(n int64) string {
		if !p.ByWeight {
			return fmt.Sprint(n)
		}
		sep := "."
		if lang == "es" {
			sep = ","
		}
		return fmt.Sprintf("%d%s%03d kg", n/1000, sep, n%1000)
	}
	switch {
	case oh.Units < 0:
		return i18n.T(lang, "search.oversold", qty(-oh.Units))
	case oh.Units == 0:
		return i18n.T(lang, "search.out")
	}
	return i18n.T(lang, "search.on_hand", qty(oh.Units))
}

// productBySKU is what a catalog offers beyond pos.Catalog when search
// results come without barcodes (pos/sqlite's does): the full product.
// TODO(pos): a Lane.AddProduct(ctx, sku, qty) would make this unnecessary.
type productBySKU interface {
	ProductBySKU(ctx context.Context, sku string) (pos.Product, error)
}

// addSearched adds a product picked from the search, with the quantity
// keyed before ("3×") if any, and goes back to selling. The lane adds by
// code, so the product's first barcode is used.
func (s *LaneScreen) addSearched(p pos.Product) {
	qty := "1"
	if t := strings.TrimSpace(s.code.Text); strings.HasSuffix(t, "*") {
		qty = strings.TrimSuffix(t, "*")
	}
	s.jobs.do(func() func() {
		if len(p.Barcodes) == 0 {
			if c, ok := s.opts.Catalog.(productBySKU); ok {
				if full, err := c.ProductBySKU(context.Background(), p.SKU); err == nil {
					p = full
				}
			}
		}
		return func() {
			if len(p.Barcodes) == 0 {
				s.search.message.SetText(i18n.T(s.lang, "search.no_code", p.DisplayName(s.lang)))
				return
			}
			s.closeSearch()
			s.code.SetText(qty + "*" + p.Barcodes[0])
			s.submitCode()
		}
	})
}

// productPrice is a product's price as a shelf label shows it ("2,99 €/kg").
func productPrice(lang string, c pos.Currency, p pos.Product) string {
	s := c.Format(p.Price, lang)
	if p.ByWeight {
		s += "/kg"
	}
	return s
}
