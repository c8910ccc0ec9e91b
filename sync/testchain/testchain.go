// Package testchain builds real, correctly sealed journal entries for tests
// and benchmarks of the sync packages: sale.completed events whose payload
// is a pos.Sale, chained with pos.Seal exactly as a lane's store does.
package testchain

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/omnilane/omnilane/pos"
)

// Sale returns a small cash sale numbered n at device, totalling total cents.
func Sale(store, device string, n int64, total pos.Money, at time.Time) pos.Sale {
	return pos.Sale{
		ID: uuid.Must(uuid.NewV7()).String(), StoreID: store, DeviceID: device, Number: n,
		Currency: "EUR",
		Lines:    []pos.Line{{No: 1, SKU: "P0000000", Name: "Café molido 250 g", Qty: 1, UnitPrice: total, Amount: total, TaxRate: 1000}},
		Totals: pos.Totals{Total: total, Items: 1, Tax: pos.IncludedTax(total, 1000),
			Bands: []pos.TaxBand{{Rate: 1000, Gross: total, Tax: pos.IncludedTax(total, 1000), Net: total - pos.IncludedTax(total, 1000)}}},
		Tenders: []pos.Tender{{Method: pos.TenderCash, Amount: total, Received: total}},
		At:      at.UTC(),
	}
}

// Chain returns entries from+1 … from+n of a device's journal continuing
// after prev (nil to start a journal), each a sale.completed event.
func Chain(store, device string, prev *pos.Event, n int, at time.Time) ([]pos.Event, error) {
	out := make([]pos.Event, 0, n)
	for i := 0; i < n; i++ {
		seq := int64(1)
		if prev != nil {
			seq = prev.Seq + 1
		}
		s := Sale(store, device, seq, pos.Money(100+seq%900), at.Add(time.Duration(seq)*time.Second))
		payload, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("sale payload: %w", err)
		}
		ev, err := pos.Seal(prev, pos.Event{
			DeviceID: device, ID: uuid.Must(uuid.NewV7()).String(), Type: pos.EventSaleCompleted,
			Payload: payload, HLC: at.UnixMilli() << 16, At: s.At,
		})
		if err != nil {
			return nil, fmt.Errorf("seal: %w", err)
		}
		out = append(out, ev)
		prev = &out[len(out)-1]
	}
	return out, nil
}

// Next seals one event of any type after prev (nil to start a journal).
func Next(device string, prev *pos.Event, typ string, payload any, at time.Time) (pos.Event, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return pos.Event{}, fmt.Errorf("payload: %w", err)
	}
	return pos.Seal(prev, pos.Event{DeviceID: device, ID: uuid.Must(uuid.NewV7()).String(), Type: typ, Payload: b, HLC: at.UnixMilli() << 16, At: at})
}
