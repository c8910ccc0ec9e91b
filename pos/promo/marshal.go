package promo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/omnilane/omnilane/pos"
)

// Marshal writes promotions in their JSON form (an array), amounts in cur.
func Marshal(ps []Promotion, cur pos.Currency) ([]byte, error) {
	out := make([]promotionJSON, len(ps))
	for i, p := range ps {
		pj := promotionJSON{ID: p.ID, Type: string(p.Type), Name: p.Name, Qty: p.Qty, PayQty: p.PayQty, Buy: p.Buy, Get: p.Get,
			Coupon: p.Coupon, Priority: p.Priority, Stackable: p.Stackable}
		if !p.Target.All() || len(p.Target.ExcludeSKUs) > 0 {
			pj.Target = &targetJSON{SKUs: p.Target.SKUs, Categories: p.Target.Categories, ExcludeSKUs: p.Target.ExcludeSKUs}
		}
		if p.Percent != 0 {
			pj.Percent = json.Number(bpText(p.Percent))
		}
		plain := func(m pos.Money) string {
			if m == 0 {
				return ""
			}
			return cur.Plain(m)
		}
		pj.Amount, pj.Price, pj.MinSpend = plain(p.Amount), plain(p.Price), plain(p.MinSpend)
		w := p.Window
		if !w.From.IsZero() || !w.To.IsZero() || len(w.Weekdays) > 0 || w.StartMinute != w.EndMinute {
			v := &windowJSON{}
			if !w.From.IsZero() {
				v.From = w.From.Format(time.RFC3339)
			}
			if !w.To.IsZero() {
				v.To = w.To.Format(time.RFC3339)
			}
			for _, d := range w.Weekdays {
				if d >= 0 && int(d) < len(weekdayNames) {
					v.Weekdays = append(v.Weekdays, weekdayNames[d])
				}
			}
			if w.StartMinute != w.EndMinute {
				v.Hours = &hoursJSON{From: clock(w.StartMinute), To: clock(w.EndMinute)}
			}
			pj.Valid = v
		}
		out[i] = pj
	}
	return json.MarshalIndent(out, "", "  ")
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
