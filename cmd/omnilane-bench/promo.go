package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

// benchPromoScan: scan → priced line in a 50-line basket with 20 active
// promotions of every type (item, category, multi-buy, mix-and-match, buy X
// get Y, stackable spend thresholds), applied through the catalog feed so
// the lane builds its engine as it does in a store. Run it after benchScan
// (it leaves promotions in force for the figures that follow).
//
//lint:ignore U1000 the lead wires it into run, after benchScan.
func benchPromoScan(ctx context.Context, t *table, db *sqlite.DB, lane *pos.Lane, codes []string) error {
	var skus []string
	for _, c := range codes[:min(len(codes), 8)] {
		keys, err := pos.LookupKeys(c)
		if err != nil {
			return err
		}
		p, err := db.ProductByCode(ctx, keys)
		if err != nil {
			return err
		}
		skus = append(skus, p.SKU)
	}
	feed, err := json.Marshal(benchPromotions(skus))
	if err != nil {
		return err
	}
	cursor, err := db.CatalogCursor(ctx)
	if err != nil {
		return err
	}
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: cursor + 1, Promotions: feed}); err != nil {
		return fmt.Errorf("promotions feed: %w", err)
	}
	if _, err := lane.PayCash(ctx, 100_000_000); err != nil && pos.ErrorCode(err) != pos.EEMPTY {
		return err
	}
	for i := 0; i < 50; i++ {
		if _, err := lane.Scan(ctx, codes[i%len(codes)]); err != nil {
			return fmt.Errorf("fill basket: %w", err)
		}
	}
	const rounds = 20_000
	scan := make([]time.Duration, 0, rounds)
	var saved pos.Money
	for i := 0; i < rounds; i++ {
		code := codes[rand.IntN(len(codes))]
		s := time.Now()
		l, err := lane.Scan(ctx, code)
		if err != nil {
			return fmt.Errorf("scan %s: %w", code, err)
		}
		v := lane.Basket() // the priced basket the screen shows
		scan = append(scan, time.Since(s))
		saved += v.Totals.Saved
		if err := lane.VoidLine(ctx, l.No); err != nil {
			return err
		}
		if i%50 == 49 {
			if err := resetBasket(ctx, lane, codes); err != nil {
				return err
			}
		}
	}
	if saved == 0 {
		return fmt.Errorf("no promotion applied in %d scans", rounds)
	}
	med, p99 := percentile(scan, 50), percentile(scan, 99)
	t.add("scan → priced line, 50 lines, 20 promotions, median", us(med), "", "≤ 250 µs", med <= 250*time.Microsecond)
	t.add("scan → priced line, 50 lines, 20 promotions, p99", us(p99), "", "≤ 1 ms", p99 <= time.Millisecond)
	return nil
}

// benchPromotions are 20 promotions in pos/promo's JSON form over the
// sample catalog's categories and a few of the scanned SKUs.
func benchPromotions(skus []string) []map[string]any {
	name := func(s string) map[string]string { return map[string]string{"es": s, "en": s} }
	cats := []string{"despensa", "bebidas", "bodega", "dulces", "higiene", "limpieza", "conservas", "frescos", "bazar"}
	var ps []map[string]any
	add := func(p map[string]any) {
		p["id"] = fmt.Sprintf("B%02d-%s", len(ps), p["type"])
		p["name"] = name(strings.ToUpper(p["id"].(string)))
		ps = append(ps, p)
	}
	for i, c := range cats {
		switch i % 3 {
		case 0:
			add(map[string]any{"type": "percent_off", "target": map[string]any{"categories": []string{c}}, "percent": 5 + i})
		case 1:
			add(map[string]any{"type": "multi_buy", "target": map[string]any{"categories": []string{c}}, "qty": 3, "pay_qty": 2, "priority": i})
		default:
			add(map[string]any{"type": "buy_x_get_y", "target": map[string]any{"categories": []string{c}}, "buy": 1, "get": 1, "percent": 50})
		}
	}
	add(map[string]any{"type": "mix_match", "target": map[string]any{"categories": []string{"dulces", "bebidas"}}, "qty": 3, "price": "5.00"})
	add(map[string]any{"type": "mix_match", "target": map[string]any{"categories": []string{"despensa"}}, "qty": 4, "price": "9.99"})
	for i, s := range skus {
		if i%2 == 0 {
			add(map[string]any{"type": "amount_off", "target": map[string]any{"skus": []string{s}}, "amount": "0.30"})
		} else {
			add(map[string]any{"type": "multi_buy", "target": map[string]any{"skus": []string{s}}, "qty": 2, "price": "3.00"})
		}
	}
	add(map[string]any{"type": "spend_threshold", "min_spend": "50.00", "amount": "5.00", "stackable": true})
	for len(ps) < 20 {
		add(map[string]any{"type": "percent_off", "target": map[string]any{"categories": []string{cats[len(ps)%len(cats)]}}, "percent": 3,
			"stackable": true, "valid": map[string]any{"from": "2020-01-01T00:00:00Z"}})
	}
	return ps
}
