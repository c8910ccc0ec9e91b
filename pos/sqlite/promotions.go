package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/promo"
)

type promoRow struct{ id, body string }

// checkPromotions validates a delta's promotions (every problem reported by
// pos/promo) and splits them into rows by id.
func (d *DB) checkPromotions(ctx context.Context, delta pos.CatalogDelta) ([]promoRow, error) {
	code := ""
	if len(delta.Products) > 0 {
		code = delta.Products[0].Currency
	} else if err := d.db.QueryRowContext(ctx, `SELECT currency FROM products LIMIT 1`).Scan(&code); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	cur := pos.EUR
	if code != "" {
		c, err := pos.CurrencyByCode(code)
		if err != nil {
			return nil, err
		}
		cur = c
	}
	if _, err := promo.Parse(delta.Promotions, cur); err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	body := bytes.TrimSpace(delta.Promotions)
	if len(body) > 0 && body[0] == '{' {
		var wrap struct {
			Promotions []json.RawMessage `json:"promotions"`
		}
		if err := json.Unmarshal(body, &wrap); err != nil {
			return nil, pos.Errorf(pos.EINVALID, "promotions JSON: %v", err)
		}
		raw = wrap.Promotions
	} else if err := json.Unmarshal(body, &raw); err != nil {
		return nil, pos.Errorf(pos.EINVALID, "promotions JSON: %v", err)
	}
	rows := make([]promoRow, 0, len(raw))
	for _, r := range raw {
		var head struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, pos.Errorf(pos.EINVALID, "promotions JSON: %v", err)
		}
		var c bytes.Buffer
		if err := json.Compact(&c, r); err != nil {
			return nil, pos.Errorf(pos.EINVALID, "promotions JSON: %v", err)
		}
		rows = append(rows, promoRow{id: head.ID, body: c.String()})
	}
	return rows, nil
}

// PromotionsJSON returns the stored promotions as one JSON array, by id.
func (d *DB) PromotionsJSON(ctx context.Context) ([]byte, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT body FROM promotions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("promotions: %w", err)
	}
	defer rows.Close()
	var b bytes.Buffer
	b.WriteByte('[')
	n := 0
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("promotions: %w", err)
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("promotions: %w", err)
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// PromotionsVersion implements pos.PromotionStore: it changes whenever
// ApplyCatalog replaces the promotions through this handle. (Another
// process writing the same file is not seen until a restart; the sync agent
// runs in the lane's process.)
func (d *DB) PromotionsVersion() int64 { return d.promoVersion.Load() }

// LoadPromotions implements pos.PromotionStore: it builds a promotions
// engine (pos/promo) from the stored promotions, amounts read in cur. With
// none stored the engine is nil.
func (d *DB) LoadPromotions(ctx context.Context, cur pos.Currency) (pos.PromotionEngine, int64, error) {
	v := d.promoVersion.Load()
	feed, err := d.PromotionsJSON(ctx)
	if err != nil {
		return nil, 0, err
	}
	if string(feed) == "[]" {
		return nil, v, nil
	}
	eng, err := promo.Compile(feed, cur)
	if err != nil {
		return nil, 0, fmt.Errorf("stored promotions: %w", err)
	}
	return eng, v, nil
}

var _ pos.PromotionStore = (*DB)(nil)
var _ pos.PricedCatalog = (*DB)(nil)
