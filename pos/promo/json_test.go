package promo

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
)

func TestParseExample(t *testing.T) {
	ps, err := Parse([]byte(exampleJSON), pos.EUR)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(ps) != 8 {
		t.Fatalf("got %d promotions, want 8", len(ps))
	}
	seen := map[Type]bool{}
	for _, p := range ps {
		seen[p.Type] = true
	}
	for _, ty := range Types {
		if !seen[ty] {
			t.Errorf("the example has no %s", ty)
		}
	}
	x := ps[7]
	cet := time.FixedZone("", 3600)
	want := Promotion{ID: "NAVIDAD", Type: SpendThreshold, Name: Name{ES: "Cupón Navidad 10 %", EN: "Christmas coupon 10%"},
		MinSpend: 3000, Percent: 1000, Coupon: "NAVIDAD26",
		Window: Window{From: time.Date(2026, 12, 1, 0, 0, 0, 0, cet), To: time.Date(2027, 1, 7, 0, 0, 0, 0, cet),
			Weekdays: []time.Weekday{1, 2, 3, 4, 5}, StartMinute: 540, EndMinute: 840}}
	if !x.Window.From.Equal(want.Window.From) || !x.Window.To.Equal(want.Window.To) {
		t.Errorf("window %v–%v", x.Window.From, x.Window.To)
	}
	x.Window.From, x.Window.To, want.Window.From, want.Window.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(x, want) {
		t.Errorf("NAVIDAD = %+v\nwant %+v", x, want)
	}
	if ps[1].Amount != 20 || ps[4].Price != 500 || ps[0].Percent != 1000 || ps[2].Percent != MaxPercent {
		t.Errorf("amounts: %d %d %d %d", ps[1].Amount, ps[4].Price, ps[0].Percent, ps[2].Percent)
	}
	// The example prices a basket.
	e, err := NewEngine(ps)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, cet)
	in := Input{Lines: []pos.Line{ln(1, "CAFE1", 3, 450), ln(2, "YOGUR", 2, 300), ln(3, "PAN", 1, 150), ln(4, "LECHE", 2, 99), ln(5, "CAFE2", 10, 400)},
		Category: category, At: at, Coupons: []string{"navidad26"}}
	res, err := e.Apply(in)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, in, res)
	if res.Saved == 0 || len(res.Discounts) < 3 {
		t.Errorf("example basket saved %d with %d discounts", res.Saved, len(res.Discounts))
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	ps, err := Parse([]byte(exampleJSON), pos.EUR)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Marshal(ps, pos.EUR)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data, pos.EUR)
	if err != nil {
		t.Fatalf("Parse(Marshal): %v\n%s", err, data)
	}
	for i := range ps {
		a, b := ps[i], back[i]
		if !a.Window.From.Equal(b.Window.From) || !a.Window.To.Equal(b.Window.To) {
			t.Errorf("%s: window changed", a.ID)
		}
		a.Window.From, a.Window.To, b.Window.From, b.Window.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("round trip changed %s:\n%+v\n%+v", a.ID, a, b)
		}
	}
	// A bare array parses too.
	if _, err := Parse(data, pos.EUR); err != nil || !strings.HasPrefix(string(data), "[") {
		t.Errorf("array form: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, json string
		want       []string // substrings of the problems, in order
	}{
		{"not json", `{"promotions": [}`, []string{"line 1, column 17"}},
		{"no promotions member", `{"promos": []}`, []string{`no "promotions" array`}},
		{"unknown field", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "procent": 5}]`,
			[]string{`promotion 0 (A): procent: is not a promotion field`}},
		{"wrong json type", `[{"id": "A", "type": "multi_buy", "name": {"es": "a"}, "qty": "3", "pay_qty": 2}]`,
			[]string{`promotion 0 (A): qty: must be a JSON whole number`}},
		{"unknown type", `[{"id": "A", "type": "bogof", "name": {"es": "a"}}]`,
			[]string{`type: unknown type "bogof" (one of percent_off, amount_off, buy_x_get_y, multi_buy, mix_match, spend_threshold)`}},
		{"missing everything", `[{}]`, []string{"promotion 0: id: is required", "name: needs at least one of es, en", "type: is required"}},
		{"bad amount", `[{"id": "A", "type": "amount_off", "name": {"es": "a"}, "amount": "0.205"}]`,
			[]string{`amount: "0.205" is not an amount in EUR`}},
		{"percent out of range", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 120}]`,
			[]string{"percent: must be between 0.01 and 100"}},
		{"negative percent", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": -5}]`,
			[]string{"percent: must be between 0.01 and 100, got -5"}},
		{"amount as a number", `[{"id": "A", "type": "amount_off", "name": {"es": "a"}, "amount": 5}]`,
			[]string{`amount: must be a decimal string such as "5.00", not a JSON number`}},
		{"null feed", `null`, []string{"expected an array of promotions"}},
		{"percent too precise", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 12.345}]`,
			[]string{"percent: 12.345 is not a percentage with at most two decimals"}},
		{"both price and pay_qty", `[{"id": "A", "type": "multi_buy", "name": {"es": "a"}, "qty": 3, "pay_qty": 2, "price": "1.00"}]`,
			[]string{"either price (2 for 5.00) or pay_qty (3 for 2), not both"}},
		{"pay_qty not below qty", `[{"id": "A", "type": "multi_buy", "name": {"es": "a"}, "qty": 3, "pay_qty": 3}]`,
			[]string{"pay_qty: must be between 1 and qty-1 (2), got 3"}},
		{"mix and match without group", `[{"id": "A", "type": "mix_match", "name": {"es": "a"}, "qty": 3, "price": "4.00"}]`,
			[]string{"target: a mix_match needs skus or categories"}},
		{"threshold without reward", `[{"id": "A", "type": "spend_threshold", "name": {"es": "a"}, "min_spend": "50.00"}]`,
			[]string{"amount: a spend_threshold needs amount or percent"}},
		{"field of another type", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "buy": 2}]`,
			[]string{"buy: is not used by a percent_off promotion"}},
		{"window backwards", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "valid": {"from": "2027-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}}]`,
			[]string{"valid.to: must be after valid.from"}},
		{"window not rfc3339", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "valid": {"from": "2026-12-01"}}]`,
			[]string{`valid.from: "2026-12-01" is not an RFC 3339 time`}},
		{"bad weekday and hour", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "valid": {"weekdays": ["lunes"], "hours": {"from": "9", "to": "25:00"}}}]`,
			[]string{`valid.weekdays: "lunes" is not one of sun, mon`, `valid.hours.from: "9" is not a time of day`, `valid.hours.to: "25:00"`}},
		{"empty hours", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10, "valid": {"hours": {"from": "09:00", "to": "09:00"}}}]`,
			[]string{"valid.hours: from and to are both 09:00; leave hours out for all day"}},
		{"duplicate ids, every problem reported", `[{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 10},
			{"id": "A", "type": "percent_off", "name": {"es": "a"}, "percent": 0},
			{"id": "B", "type": "amount_off", "name": {"es": "b"}}]`,
			[]string{"promotion 1 (A): percent", "promotion 1 (A): id: duplicates promotion 0", "promotion 2 (B): amount: must be between 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.json), pos.EUR)
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if pos.ErrorCode(err) != pos.EINVALID {
				t.Errorf("code %q, want %q", pos.ErrorCode(err), pos.EINVALID)
			}
			msg := err.Error()
			var ve *ValidationError
			if errors.As(err, &ve) {
				msg = ve.Error()
			}
			at := 0
			for _, w := range c.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error lacks %q (in order):\n%s", w, msg)
				}
				at += i + len(w)
			}
		})
	}
}

func TestNewEngineValidates(t *testing.T) {
	_, err := NewEngine([]Promotion{{ID: "A", Type: BuyXGetY, Name: named("a"), Buy: 0, Get: 1, Percent: 10000}})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Field != "buy" {
		t.Fatalf("err = %v, want one problem with buy", err)
	}
}

// FuzzParse checks that Parse never panics and that what it accepts
// survives Marshal and Parse again.
func FuzzParse(f *testing.F) {
	f.Add([]byte(exampleJSON))
	f.Add([]byte(`[{"id":"A","type":"percent_off","name":{"es":"a"},"percent":12.5}]`))
	f.Add([]byte(`[{"id":"A","type":"multi_buy","name":{"en":"a"},"qty":2,"price":"5"}]`))
	f.Add([]byte(`{"promotions":[{"valid":{"hours":{"from":"22:00","to":"02:00"}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Parse(data, pos.EUR)
		if err != nil {
			if pos.ErrorCode(err) != pos.EINVALID {
				t.Fatalf("code %q for %v", pos.ErrorCode(err), err)
			}
			return
		}
		if _, err := NewEngine(ps); err != nil {
			t.Fatalf("Parse accepted what NewEngine refuses: %v", err)
		}
		out, err := Marshal(ps, pos.EUR)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out, pos.EUR)
		if err != nil || len(back) != len(ps) {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
	})
}
