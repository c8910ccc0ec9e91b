package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// ParkBasket stores a parked basket and journals its basket.parked event in
// one transaction.
func (d *DB) ParkBasket(ctx context.Context, p pos.ParkedBasket, ev pos.Event) (pos.Event, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return pos.Event{}, fmt.Errorf("encode parked basket: %w", err)
	}
	var sealed pos.Event
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		ev.Type, ev.Payload = pos.EventBasketParked, body
		if sealed, err = d.appendEvent(ctx, tx, ev); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO parked_baskets(id, parked_at, operator, label, total, body, park_seq) VALUES (?,?,?,?,?,?,?)`,
			p.ID, formatTime(p.ParkedAt), p.Operator, p.Label, p.Total, string(body), sealed.Seq)
		if err != nil {
			return fmt.Errorf("park basket %s: %w", p.ID, err)
		}
		return nil
	})
	return sealed, err
}

// ResumeBasket takes a basket out of the parked list and journals its
// basket.resumed event in one transaction; a basket resumes once.
func (d *DB) ResumeBasket(ctx context.Context, id string, ev pos.Event) (pos.ParkedBasket, error) {
	var p pos.ParkedBasket
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var body string
		err := tx.QueryRowContext(ctx, `SELECT body FROM parked_baskets WHERE id = ? AND resumed_at IS NULL`, id).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "no parked basket %s (unknown, or already resumed)", id)
		}
		if err != nil {
			return fmt.Errorf("parked basket %s: %w", id, err)
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return fmt.Errorf("parked basket %s: decode: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE parked_baskets SET resumed_at = ?, resumed_by = ? WHERE id = ?`,
			formatTime(ev.At), ev.Operator, id); err != nil {
			return fmt.Errorf("resume basket %s: %w", id, err)
		}
		_, err = d.appendEvent(ctx, tx, ev)
		return err
	})
	return p, err
}

// ParkedBaskets lists the baskets still parked, oldest first.
func (d *DB) ParkedBaskets(ctx context.Context) ([]pos.ParkedBasket, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT body FROM parked_baskets WHERE resumed_at IS NULL ORDER BY parked_at, id`)
	if err != nil {
		return nil, fmt.Errorf("parked baskets: %w", err)
	}
	defer rows.Close()
	var out []pos.ParkedBasket
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var p pos.ParkedBasket
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return nil, fmt.Errorf("parked basket: decode: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

var _ pos.ParkStore = (*DB)(nil)
