package pos_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// testClock is a settable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

var madrid = func() *time.Location {
	l, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()

// sellingFeed is the test catalog: coffee (10 %), wine (21 %), yogurt (10 %),
// apples by weight (4 %), bread by embedded price.
func sellingFeed() pos.CatalogDelta {
	g := func(c string) string { s, _ := pos.NormalizeGTIN(c); return s }
	return pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "CAF", Name: "Café molido 250 g", NameEN: "Ground coffee", Barcodes: []string{g("8410001000015")}, Price: 450, Currency: "EUR", TaxRate: 1000, Category: "cafe"},
		{SKU: "VIN", Name: "Vino tinto", Barcodes: []string{g("8410001000039")}, Price: 899, Currency: "EUR", TaxRate: 2100, Category: "vino"},
		{SKU: "YOG", Name: "Yogur", Barcodes: []string{g("8410001000046")}, Price: 275, Currency: "EUR", TaxRate: 1000, Category: "lacteos"},
		{SKU: "MAN", Name: "Manzanas", Barcodes: []string{"4011"}, Price: 249, Currency: "EUR", TaxRate: 400, ByWeight: true, Category: "fruta"},
		{SKU: "PAN", Name: "Pan de pueblo", Barcodes: []string{"12345"}, Price: 0, Currency: "EUR", TaxRate: 400, Category: "panaderia"},
		{SKU: "QUE", Name: "Queso al corte", Barcodes: []string{"23456"}, Price: 1890, Currency: "EUR", TaxRate: 400, ByWeight: true, Category: "charcuteria"},
	}}
}

const promoFeed = `[
 {"id": "CAFE-3X2", "type": "multi_buy", "name": {"es": "3x2 Café molido", "en": "3 for 2 ground coffee"},
  "target": {"categories": ["cafe"]}, "qty": 3, "pay_qty": 2, "priority": 10},
 {"id": "YOGUR-2X5", "type": "multi_buy", "name": {"es": "2 yogures por 5 €", "en": "2 yogurts for €5"},
  "target": {"skus": ["YOG"]}, "qty": 2, "price": "5.00"},
 {"id": "GASTA-30", "type": "spend_threshold", "name": {"es": "3 € por 30 €", "en": "€3 off €30"},
  "min_spend": "30.00", "amount": "3.00", "stackable": true},
 {"id": "NAVIDAD", "type": "percent_off", "name": {"es": "Cupón 10 % vino", "en": "Wine coupon 10%"},
  "target": {"categories": ["vino"]}, "percent": 10, "coupon": "NAVIDAD26"}
]`

type sellingHarness struct {
	lane  *pos.Lane
	db    *sqlite.DB
	clock *testClock
	info  pos.StoreInfo
	path  string
}

func newSellingLane(t *testing.T, mutate func(*pos.LaneConfig, *pos.CatalogDelta)) *sellingHarness {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lane.db")
	db, err := sqlite.Open(ctx, path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: madrid}
	cfg := pos.LaneConfig{DeviceID: "lane-1", Store: info, Access: pos.AccessPolicy{BcryptCost: 4, IdleSignOut: -1},
		Embedded: []pos.EmbeddedRule{
			{Prefix: "21", Kind: pos.EmbeddedPrice, ItemDigits: 5, ValueDigits: 5},
			{Prefix: "22", Kind: pos.EmbeddedWeight, ItemDigits: 5, ValueDigits: 5},
		}}
	feed := sellingFeed()
	feed.Promotions = json.RawMessage(promoFeed)
	if mutate != nil {
		mutate(&cfg, &feed)
	}
	if err := db.ApplyCatalog(ctx, feed); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Date(2026, 12, 7, 11, 30, 0, 0, time.UTC)}
	h := &sellingHarness{db: db, clock: clock, info: cfg.Store, path: path}
	h.lane = pos.NewLane(cfg, db, clock, nil, quiet)
	if err := h.lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *sellingHarness) scan(t *testing.T, codes ...string) pos.Line {
	t.Helper()
	var l pos.Line
	for _, c := range codes {
		var err error
		if l, err = h.lane.Scan(context.Background(), c); err != nil {
			t.Fatalf("scan %s: %v", c, err)
		}
	}
	return l
}

// checkInvariants checks what must hold of any basket's totals.
func checkInvariants(t *testing.T, v pos.BasketView, tp pos.TaxPolicy) {
	t.Helper()
	var net, saved, gross, tax pos.Money
	for _, l := range v.Lines {
		if l.Voided {
			continue
		}
		var sum pos.Money
		for _, d := range l.Discounts {
			sum += d.Amount
		}
		if sum != l.Discount || l.Discount < 0 || l.Discount > l.Amount {
			t.Errorf("line %d: discounts %d, Discount %d, Amount %d", l.No, sum, l.Discount, l.Amount)
		}
		net += l.Amount - l.Discount
		saved += l.Discount
	}
	for _, b := range v.Totals.Bands {
		gross += b.Gross
		tax += b.Tax
		if b.Gross-b.Tax != b.Net || b.Tax < 0 || b.Net < 0 {
			t.Errorf("band %+v does not add up", b)
		}
	}
	want := net
	if tp.Exclusive {
		want = net + v.Totals.Tax
	}
	if v.Totals.Total != want || gross != v.Totals.Total || tax != v.Totals.Tax || v.Totals.Saved != saved || v.Totals.Total < 0 {
		t.Errorf("totals %+v: lines net %d, saved %d, bands gross %d tax %d", v.Totals, net, saved, gross, tax)
	}
}

func TestLanePricesPromotionsOnEveryChange(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, nil)
	coffee, wine, yog := "8410001000015", "8410001000039", "8410001000046"

	tests := []struct {
		name      string
		do        func() error
		total     pos.Money
		saved     pos.Money
		lineDisc  map[int]pos.Money
		promotion []string
	}{
		{"one coffee: nothing", func() error { h.scan(t, coffee); return nil }, 450, 0, map[int]pos.Money{1: 0}, nil},
		{"three coffees: 3x2", func() error { h.scan(t, coffee, coffee); return nil }, 900, 450, map[int]pos.Money{3: 450}, []string{"CAFE-3X2"}},
		{"two yogurts: 2 for 5", func() error { h.scan(t, yog, yog); return nil }, 900 + 500, 450 + 50, map[int]pos.Money{3: 450, 4: 25, 5: 25}, []string{"CAFE-3X2", "YOGUR-2X5"}},
		{"void a coffee: 3x2 gone", func() error { return h.lane.VoidLine(ctx, 1) }, 900 + 500, 50, map[int]pos.Money{3: 0}, []string{"YOGUR-2X5"}},
		{"wine x2 crosses 30 €: threshold", func() error { _, err := h.lane.AddByCode(ctx, wine, 2); return err }, 900 + 500 + 1798 - 300, 350, nil, []string{"YOGUR-2X5", "GASTA-30"}},
		{"void the wine: below 30 € again", func() error { return h.lane.VoidLine(ctx, 6) }, 900 + 500, 50, map[int]pos.Money{2: 0, 3: 0}, []string{"YOGUR-2X5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); err != nil {
				t.Fatal(err)
			}
			v := h.lane.Basket()
			checkInvariants(t, v, pos.TaxPolicy{})
			if v.Totals.Total != tc.total || v.Totals.Saved != tc.saved {
				t.Errorf("total %d saved %d, want %d saved %d", v.Totals.Total, v.Totals.Saved, tc.total, tc.saved)
			}
			for no, d := range tc.lineDisc {
				if v.Lines[no-1].Discount != d {
					t.Errorf("line %d discount %d, want %d (%+v)", no, v.Lines[no-1].Discount, d, v.Lines[no-1].Discounts)
				}
			}
			var ids []string
			for _, p := range v.Promotions {
				ids = append(ids, p.PromotionID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.promotion, ",") {
				t.Errorf("promotions %v, want %v", ids, tc.promotion)
			}
		})
	}
}

func TestLaneSaleRecordsDiscountsAndReceiptSaysSaved(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, nil)
	h.scan(t, "8410001000015", "8410001000015", "8410001000015", "8410001000039")
	if _, err := h.lane.AddCoupon(ctx, "navidad26"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.lane.AddCoupon(ctx, "NOEXISTE"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown coupon: %v", err)
	}
	v := h.lane.Basket()
	// 3 coffees 13.50 - 4.50; wine 8.99 - 0.90 (10 %).
	if v.Totals.Total != 900+809 || v.Totals.Saved != 450+90 {
		t.Fatalf("totals %+v", v.Totals)
	}
	// Tax per rate on the discounted amounts: 10 % on 9.00, 21 % on 8.09.
	want := map[int]pos.Money{1000: pos.IncludedTax(900, 1000), 2100: pos.IncludedTax(809, 2100)}
	for _, b := range v.Totals.Bands {
		if b.Tax != want[b.Rate] {
			t.Errorf("band %d: tax %d, want %d", b.Rate, b.Tax, want[b.Rate])
		}
	}
	s, err := h.lane.PayCash(ctx, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Promotions) != 2 || s.Coupons[0] != "navidad26" || s.Totals.Saved != 540 {
		t.Fatalf("sale promotions %+v coupons %v saved %d", s.Promotions, s.Coupons, s.Totals.Saved)
	}
	evs, err := h.db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var payload pos.Sale
	for _, e := range evs {
		if e.Type == pos.EventSaleCompleted {
			if err := json.Unmarshal(e.Payload, &payload); err != nil {
				t.Fatal(err)
			}
		}
	}
	if payload.Lines[2].Discounts[0].PromotionID != "CAFE-3X2" || payload.Lines[3].Discounts[0].Coupon != "NAVIDAD26" || payload.Totals.Saved != 540 {
		t.Fatalf("journalled sale lines %+v", payload.Lines)
	}
	r := pos.BuildReceipt(h.info, s, false)
	var items []string
	for _, it := range r.Items {
		items = append(items, it.Left+" "+it.Right)
	}
	text := strings.Join(items, "\n") + "\n" + strings.Join(r.Footer, "\n")
	for _, w := range []string{"  3x2 Café molido -4,50 €", "  Cupón 10 % vino -0,90 €", "Ahorro total: 5,40 €"} {
		if !strings.Contains(text, w) {
			t.Errorf("receipt lacks %q:\n%s", w, text)
		}
	}
}

func TestLaneRebuildsPromotionsOnlyWhenTheyChange(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, nil)
	h.scan(t, "8410001000046", "8410001000046")
	if v := h.lane.Basket(); v.Totals.Saved != 50 {
		t.Fatalf("saved %d", v.Totals.Saved)
	}
	// A feed without promotions leaves them; an empty array removes them.
	if err := h.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 2}); err != nil {
		t.Fatal(err)
	}
	h.scan(t, "8410001000015")
	if v := h.lane.Basket(); v.Totals.Saved != 50 {
		t.Fatalf("after a delta without promotions saved %d", v.Totals.Saved)
	}
	if err := h.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 3, Promotions: json.RawMessage(`[]`)}); err != nil {
		t.Fatal(err)
	}
	h.scan(t, "8410001000015")
	if v := h.lane.Basket(); v.Totals.Saved != 0 {
		t.Fatalf("after removing promotions saved %d", v.Totals.Saved)
	}
	// An invalid feed is refused whole, cursor included.
	err := h.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 4, Products: sellingFeed().Products[:1],
		Promotions: json.RawMessage(`[{"id": "X", "type": "percent_off", "name": {"es": "x"}, "percent": 200}]`)})
	if pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("invalid promotions: %v", err)
	}
	if c, _ := h.db.CatalogCursor(ctx); c != 3 {
		t.Fatalf("cursor %d after a refused delta", c)
	}
}

func TestStorePricesValidityWindowsAndTaxClasses(t *testing.T) {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, madrid) }
	h := newSellingLane(t, func(_ *pos.LaneConfig, f *pos.CatalogDelta) {
		f.Promotions = nil
		f.Products[1].TaxClass = "general"
		f.TaxClasses = []pos.TaxClass{{Class: "general", Rate: 2100}}
		f.Prices = []pos.StorePrice{
			{SKU: "CAF", Price: 399, ValidFrom: day(1), ValidTo: day(8)}, // this week
			{SKU: "CAF", Price: 379, ValidFrom: day(8)},                  // from tomorrow
			{SKU: "VIN", Price: 799, ValidFrom: day(20)},                 // later
		}
	})
	tests := []struct {
		at         time.Time
		sku, code  string
		price      pos.Money
		rate       int
		classDelta []pos.TaxClass
	}{
		{day(7).Add(12 * time.Hour), "CAF", "8410001000015", 399, 1000, nil},
		{day(8).Add(-time.Second), "CAF", "8410001000015", 399, 1000, nil},
		{day(8), "CAF", "8410001000015", 379, 1000, nil},
		{day(30), "CAF", "8410001000015", 379, 1000, nil},
		{day(7), "VIN", "8410001000039", 899, 2100, nil},
		{day(20), "VIN", "8410001000039", 799, 2100, nil},
		{day(20), "VIN", "8410001000039", 799, 2000, []pos.TaxClass{{Class: "general", Rate: 2000}}},
		{time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC), "CAF", "8410001000015", 399, 1000, nil}, // already Dec 1 in Madrid
		{time.Date(2026, 11, 30, 22, 59, 0, 0, time.UTC), "CAF", "8410001000015", 450, 1000, nil},
	}
	for i, tc := range tests {
		if tc.classDelta != nil {
			if err := h.db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: int64(10 + i), TaxClasses: tc.classDelta}); err != nil {
				t.Fatal(err)
			}
		}
		h.clock.Set(tc.at)
		l := h.scan(t, tc.code)
		if l.UnitPrice != tc.price || l.TaxRate != tc.rate {
			t.Errorf("%d: %s at %s: price %d rate %d, want %d %d", i, tc.sku, tc.at, l.UnitPrice, l.TaxRate, tc.price, tc.rate)
		}
	}
}

func TestLaneWeighedAndEmbeddedCodes(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, nil)
	ean := func(body string) string { return body + string(rune('0'+pos.GTINCheckDigit(body))) }
	tests := []struct {
		name   string
		add    func() (pos.Line, error)
		code   string
		amount pos.Money
		grams  int64
	}{
		{"PLU + weight", func() (pos.Line, error) { return h.lane.AddWeighed(ctx, "4011", 1234) }, "", 307, 1234},
		{"price-embedded bread", func() (pos.Line, error) { return h.lane.Scan(ctx, ean("211234500185")) }, "", 185, 0},
		{"weight-embedded cheese", func() (pos.Line, error) { return h.lane.Scan(ctx, ean("222345600350")) }, "", 662, 350}, // 0.350 kg x 18.90
		{"price-embedded weighed cheese", func() (pos.Line, error) { return h.lane.Scan(ctx, ean("212345600945")) }, "", 945, 500},
		{"PLU of a weighed item scanned by count", func() (pos.Line, error) { return h.lane.Scan(ctx, "4011") }, pos.EINVALID, 0, 0},
		{"weight-embedded code of an item sold by count", func() (pos.Line, error) { return h.lane.Scan(ctx, ean("221234500350")) }, pos.EINVALID, 0, 0},
		{"unknown embedded item", func() (pos.Line, error) { return h.lane.Scan(ctx, ean("219999900185")) }, pos.ENOTFOUND, 0, 0},
		{"bad check digit", func() (pos.Line, error) { return h.lane.Scan(ctx, "2112345001850") }, pos.EINVALID, 0, 0},
		{"weighing zero grams", func() (pos.Line, error) { return h.lane.AddWeighed(ctx, "4011", 0) }, pos.EINVALID, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.add()
			if pos.ErrorCode(err) != tc.code {
				t.Fatalf("got %+v, %v; want code %q", l, err, tc.code)
			}
			if err == nil && (l.Amount != tc.amount || l.Grams != tc.grams) {
				t.Fatalf("line %+v, want amount %d grams %d", l, tc.amount, tc.grams)
			}
		})
	}
	checkInvariants(t, h.lane.Basket(), pos.TaxPolicy{})

	// The screens tell "weigh it" apart from other refusals, and look the
	// item up to show its price per kilogram while it is weighed.
	if _, err := h.lane.Scan(ctx, "4011"); !errors.Is(err, pos.ErrSoldByWeight) {
		t.Fatalf("scanning a weighed PLU: %v, want ErrSoldByWeight", err)
	}
	if _, err := h.lane.Scan(ctx, "8410001000039"); errors.Is(err, pos.ErrSoldByWeight) {
		t.Fatal("an item sold by count says weigh it")
	}
	p, err := h.lane.Product(ctx, "4011")
	if err != nil || !p.ByWeight || p.Price != 249 {
		t.Fatalf("Product(4011) = %+v, %v", p, err)
	}
	if _, err := h.lane.Product(ctx, "9999"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("Product of an unknown PLU: %v", err)
	}
}

func TestLaneManualDiscountsAndQuantity(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, func(_ *pos.LaneConfig, f *pos.CatalogDelta) { f.Promotions = json.RawMessage(`[]`) })
	h.scan(t, "8410001000039", "8410001000015") // wine 8.99 (21 %), coffee 4.50 (10 %)
	sup := func(p pos.Permission) *pos.Override {
		ov, err := h.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: p, Reason: "cliente habitual",
			Credential: pos.Credential{OperatorID: "2001", PIN: "9999"}})
		if err != nil {
			t.Fatal(err)
		}
		return ov
	}
	tests := []struct {
		name  string
		do    func() error
		code  string
		total pos.Money
	}{
		{"no reason", func() error {
			_, err := h.lane.DiscountLine(ctx, 1, pos.ManualDiscount{Percent: 500}, nil)
			return err
		}, pos.EINVALID, 1349},
		{"5 % on the wine within the limit", func() error {
			_, err := h.lane.DiscountLine(ctx, 1, pos.ManualDiscount{Percent: 500, Reason: "botella rozada"}, nil)
			return err
		}, "", 1349 - 45},
		{"30 % needs a supervisor", func() error {
			_, err := h.lane.DiscountLine(ctx, 1, pos.ManualDiscount{Percent: 3000, Reason: "etiqueta rota"}, nil)
			return err
		}, pos.EOVERRIDE, 1349 - 45},
		{"30 % with an override replaces the 5 %", func() error {
			_, err := h.lane.DiscountLine(ctx, 1, pos.ManualDiscount{Percent: 3000, Reason: "etiqueta rota"}, sup(pos.PermDiscountAboveLimit))
			return err
		}, "", 1349 - 270},
		{"1 € off the basket (≤ 10 %)", func() error {
			_, err := h.lane.DiscountBasket(ctx, pos.ManualDiscount{Amount: 100, Reason: "espera en caja"}, nil)
			return err
		}, "", 1349 - 270 - 100},
		{"raise the coffee to 3", func() error { _, err := h.lane.SetQuantity(ctx, 2, 3, nil); return err }, "", 629 + 1350 - 100},
		{"lower it needs void permission (cashier has it)", func() error { _, err := h.lane.SetQuantity(ctx, 2, 2, nil); return err }, "", 629 + 900 - 100},
		{"zero quantity", func() error { _, err := h.lane.SetQuantity(ctx, 2, 0, nil); return err }, pos.EINVALID, 629 + 900 - 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); pos.ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want code %q", err, tc.code)
			}
			v := h.lane.Basket()
			checkInvariants(t, v, pos.TaxPolicy{})
			if v.Totals.Total != tc.total {
				t.Fatalf("total %d, want %d: %+v", v.Totals.Total, tc.total, v.Lines)
			}
		})
	}
	evs, err := h.db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range evs {
		count[e.Type]++
	}
	if count[pos.EventLineDiscounted] != 2 || count[pos.EventBasketDiscounted] != 1 || count[pos.EventLineQtyChanged] != 2 || count[pos.EventOverrideGranted] != 1 {
		t.Fatalf("journal %v", count)
	}
	s, err := h.lane.PayCash(ctx, 5000)
	if err != nil {
		t.Fatal(err)
	}
	if s.Manual == nil || s.Manual.Reason != "espera en caja" || s.Lines[0].Manual.OverrideID == "" {
		t.Fatalf("sale discounts %+v %+v", s.Manual, s.Lines[0].Manual)
	}
}

func TestParkAndResumeSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, nil)
	h.scan(t, "8410001000015", "8410001000015", "8410001000015", "8410001000039")
	if _, err := h.lane.DiscountBasket(ctx, pos.ManualDiscount{Percent: 500, Reason: "cliente habitual"}, nil); err != nil {
		t.Fatal(err)
	}
	before := h.lane.Basket()
	p, err := h.lane.Park(ctx, "abrigo rojo")
	if err != nil {
		t.Fatal(err)
	}
	if v := h.lane.Basket(); len(v.Lines) != 0 {
		t.Fatalf("basket after park: %+v", v.Lines)
	}
	if _, err := h.lane.Park(ctx, "vacía"); pos.ErrorCode(err) != pos.EEMPTY {
		t.Fatalf("parking an empty basket: %v", err)
	}
	// Another customer meanwhile.
	h.scan(t, "8410001000046")

	// Restart: a new store handle and a new lane on the same file.
	h.db.Close()
	db, err := sqlite.Open(ctx, h.path, "lane-1", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.VerifyJournal(ctx); err != nil || n == 0 {
		t.Fatalf("journal %d, %v", n, err)
	}
	cfg := pos.LaneConfig{DeviceID: "lane-1", Store: h.info, Access: pos.AccessPolicy{BcryptCost: 4, IdleSignOut: -1}}
	lane := pos.NewLane(cfg, db, h.clock, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := lane.ParkedBaskets(ctx)
	if err != nil || len(list) != 1 || list[0].ID != p.ID || list[0].Label != "abrigo rojo" || list[0].Total != before.Totals.Total {
		t.Fatalf("parked list %+v, %v", list, err)
	}
	if _, err := lane.Scan(ctx, "8410001000046"); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Resume(ctx, p.ID); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("resume onto a full basket: %v", err)
	}
	if err := lane.VoidLine(ctx, 1); err != nil {
		t.Fatal(err)
	}
	v, err := lane.Resume(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Totals.Total != before.Totals.Total || v.Totals.Saved != before.Totals.Saved {
		t.Fatalf("resumed totals %+v, parked %+v", v.Totals, before.Totals)
	}
	if len(v.Lines) != 4 || v.Manual == nil || len(v.Promotions) != 1 {
		t.Fatalf("resumed basket %+v", v)
	}
	if _, err := lane.Resume(ctx, p.ID); pos.ErrorCode(err) != pos.ECONFLICT && pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("second resume: %v", err)
	}
	if list, _ := lane.ParkedBaskets(ctx); len(list) != 0 {
		t.Fatalf("still parked: %+v", list)
	}
	if _, err := lane.PayCash(ctx, 5000); err != nil {
		t.Fatal(err)
	}
	evs, _ := db.EventsAfter(ctx, 0, 1000)
	seen := map[string]int{}
	for _, e := range evs {
		seen[e.Type]++
	}
	if seen[pos.EventBasketParked] != 1 || seen[pos.EventBasketResumed] != 1 {
		t.Fatalf("journal %v", seen)
	}
}

func TestTaxExclusiveStoreAndAtomicFeed(t *testing.T) {
	ctx := context.Background()
	h := newSellingLane(t, func(c *pos.LaneConfig, f *pos.CatalogDelta) {
		c.Store.PricesExcludeTax, c.Store.TaxPerLine, c.Store.Lang = true, true, "en"
		f.Promotions = json.RawMessage(`[{"id": "W", "type": "percent_off", "name": {"en": "10% off wine"}, "target": {"skus": ["VIN"]}, "percent": 10}]`)
	})
	h.info.PricesExcludeTax, h.info.Lang = true, "en"
	h.scan(t, "8410001000039", "8410001000015") // net 8.99 - 0.90 at 21 %, 4.50 at 10 %
	v := h.lane.Basket()
	checkInvariants(t, v, pos.TaxPolicy{Exclusive: true, PerLine: true})
	wantTax := pos.AddedTax(809, 2100) + pos.AddedTax(450, 1000)
	if v.Totals.Tax != wantTax || v.Totals.Total != 809+450+wantTax {
		t.Fatalf("totals %+v, want tax %d", v.Totals, wantTax)
	}
	s, err := h.lane.PayCash(ctx, 2000)
	if err != nil {
		t.Fatal(err)
	}
	r := pos.BuildReceipt(h.info, s, false)
	var lines []string
	for _, x := range append(r.Items, r.Totals...) {
		lines = append(lines, x.Left+" "+x.Right)
	}
	text := strings.Join(append(lines, r.Footer...), "\n")
	for _, w := range []string{"  10% off wine -€0.90", "Subtotal €12.59", "You saved: €0.90"} {
		if !strings.Contains(text, w) {
			t.Errorf("receipt lacks %q:\n%s", w, text)
		}
	}

	// A delta with one bad price changes nothing: not the products, not the
	// promotions, not the cursor.
	bad := pos.CatalogDelta{Cursor: 9, Products: []pos.Product{{SKU: "NEW", Name: "Nuevo", Price: 100, Currency: "EUR", TaxRate: 2100, Barcodes: []string{"99999"}}},
		Prices:     []pos.StorePrice{{SKU: "NEW", Price: 90, ValidFrom: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, {SKU: "VIN", Price: -1, ValidFrom: time.Now()}},
		Promotions: json.RawMessage(`[]`)}
	if err := h.db.ApplyCatalog(ctx, bad); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("bad delta: %v", err)
	}
	if _, err := h.db.ProductBySKU(ctx, "NEW"); !pos.IsNotFound(err) {
		t.Fatalf("product of a refused delta: %v", err)
	}
	// A price for a SKU the store does not have fails inside the
	// transaction: rolled back whole.
	bad.Prices = []pos.StorePrice{{SKU: "GHOST", Price: 90, ValidFrom: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}}
	if err := h.db.ApplyCatalog(ctx, bad); err == nil {
		t.Fatal("a price for an unknown SKU was accepted")
	}
	if _, err := h.db.ProductBySKU(ctx, "NEW"); !pos.IsNotFound(err) {
		t.Fatalf("product of a rolled-back delta: %v", err)
	}
	if feed, _ := h.db.PromotionsJSON(ctx); !strings.Contains(string(feed), `"W"`) {
		t.Fatalf("promotions after a rolled-back delta: %s", feed)
	}
	if c, _ := h.db.CatalogCursor(ctx); c != 1 {
		t.Fatalf("cursor %d", c)
	}
}

// TestLaneInvariantsUnderRandomSelling rings random baskets through the real
// promotions engine and store (scans, weighed and embedded codes, voids,
// quantity changes, manual discounts, coupons) under each tax policy and
// checks the totals' invariants after every step and on every sale.
func TestLaneInvariantsUnderRandomSelling(t *testing.T) {
	ctx := context.Background()
	for _, tp := range []pos.TaxPolicy{{}, {PerLine: true}, {Exclusive: true}, {Exclusive: true, PerLine: true}} {
		h := newSellingLane(t, func(c *pos.LaneConfig, _ *pos.CatalogDelta) {
			c.Store.PricesExcludeTax, c.Store.TaxPerLine = tp.Exclusive, tp.PerLine
			c.Access.DiscountLimitBP = 10000
		})
		rng := rand.New(rand.NewPCG(uint64(len(t.Name())), 7))
		codes := []string{"8410001000015", "8410001000039", "8410001000046", "2112345001852", "2223456003502"}
		ok := 0
		for step := 0; step < 300; step++ {
			v := h.lane.Basket()
			var err error
			switch k := rng.IntN(10); {
			case k < 5 || len(v.Lines) == 0:
				_, err = h.lane.Scan(ctx, codes[rng.IntN(len(codes))])
			case k == 5:
				err = h.lane.VoidLine(ctx, 1+rng.IntN(len(v.Lines)))
			case k == 6:
				_, err = h.lane.SetQuantity(ctx, 1+rng.IntN(len(v.Lines)), 1+rng.Int64N(7), nil)
			case k == 7:
				d := pos.ManualDiscount{Percent: rng.IntN(10001), Reason: "r"}
				if rng.IntN(2) == 0 {
					d = pos.ManualDiscount{Amount: pos.Money(1 + rng.IntN(3000)), Reason: "r"}
				}
				_, err = h.lane.DiscountLine(ctx, 1+rng.IntN(len(v.Lines)), d, nil)
			case k == 8:
				_, err = h.lane.AddCoupon(ctx, "NAVIDAD26")
			default:
				if rng.IntN(3) == 0 {
					_, err = h.lane.DiscountBasket(ctx, pos.ManualDiscount{Amount: pos.Money(1 + rng.IntN(5000)), Reason: "r"}, nil)
				} else {
					var s pos.Sale
					if s, err = h.lane.PayCash(ctx, 1_000_000); err == nil {
						checkInvariants(t, pos.BasketView{Lines: s.Lines, Totals: s.Totals}, tp)
					}
				}
			}
			switch pos.ErrorCode(err) {
			case "", pos.EINVALID, pos.ENOTFOUND, pos.ECONFLICT, pos.EEMPTY:
			default:
				t.Fatalf("step %d: %v", step, err)
			}
			checkInvariants(t, h.lane.Basket(), tp)
			if err == nil {
				ok++
			}
			if t.Failed() {
				t.Fatalf("policy %+v, step %d", tp, step)
			}
		}
		if ok < 200 {
			t.Fatalf("policy %+v: only %d of 300 steps went through", tp, ok)
		}
	}
}
