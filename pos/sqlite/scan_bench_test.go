package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/promo"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/pos/sqlite"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScanPriced measures scan → priced line (lookup at the lane's
// clock, promotions, discounts, tax, the basket view the screen shows) in a
// 50-line basket, without and with 20 active promotions, on a 20,000-product
// catalog (the lookup is an indexed point query: its cost barely moves with
// catalog size; omnilane-bench measures it at 1,000,000). cpu-ns/op is CPU
// time per scan, steadier than ns/op on a shared machine.
func BenchmarkScanPriced(b *testing.B) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "lane.db"), "lane-b", log)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var batch []pos.Product
	var codes []string
	var skus []string
	cats := map[string]bool{}
	for p := range samplecatalog.Seq(20_000) {
		batch = append(batch, p)
		if !p.ByWeight && len(p.Barcodes) > 0 && len(codes) < 400 && len(batch)%37 == 0 {
			codes = append(codes, p.Barcodes[0])
			skus = append(skus, p.SKU)
			cats[p.Category] = true
		}
	}
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: batch}); err != nil {
		b.Fatal(err)
	}
	var promos []string
	i := 0
	for c := range cats {
		promos = append(promos, fmt.Sprintf(`{"id":"C%d","type":"percent_off","name":{"es":"x"},"target":{"categories":[%q]},"percent":%d}`, i, c, 5+i))
		promos = append(promos, fmt.Sprintf(`{"id":"M%d","type":"multi_buy","name":{"es":"x"},"target":{"categories":[%q]},"qty":3,"pay_qty":2}`, i, c))
		i++
	}
	for j := 0; len(promos) < 19; j++ {
		promos = append(promos, fmt.Sprintf(`{"id":"S%d","type":"multi_buy","name":{"es":"x"},"target":{"skus":[%q]},"qty":2,"price":"3.00"}`, j, skus[j]))
	}
	promos = append(promos, `{"id":"T","type":"spend_threshold","name":{"es":"x"},"min_spend":"50.00","amount":"5.00","stackable":true}`)
	feed := json.RawMessage("[" + join(promos) + "]")

	for _, withPromos := range []bool{false, true} {
		b.Run(fmt.Sprintf("promotions=%v", withPromos), func(b *testing.B) {
			if withPromos {
				if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 2, Promotions: feed}); err != nil {
					b.Fatal(err)
				}
			}
			info := pos.StoreInfo{ID: "s", Name: "B", Lang: "es", Currency: pos.EUR, Location: time.UTC}
			lane := pos.NewLane(pos.LaneConfig{DeviceID: "lane-b", Store: info, Access: pos.AccessPolicy{BcryptCost: 4, IdleSignOut: -1}}, db, pos.SystemClock{}, nil, log)
			if err := lane.Start(ctx); err != nil {
				b.Fatal(err)
			}
			if err := lane.ReadyForDemo(ctx); err != nil {
				b.Fatal(err)
			}
			fill := func() {
				if _, err := lane.PayCash(ctx, 1e9); err != nil && pos.ErrorCode(err) != pos.EEMPTY {
					b.Fatal(err)
				}
				for k := 0; k < 50; k++ {
					if _, err := lane.Scan(ctx, codes[k%40]); err != nil {
						b.Fatal(err)
					}
				}
			}
			fill()
			var saved pos.Money
			var spent time.Duration
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				code := codes[n%len(codes)]
				c0 := cpuTime()
				l, err := lane.Scan(ctx, code)
				if err != nil {
					b.Fatal(err)
				}
				v := lane.Basket()
				spent += cpuTime() - c0
				saved += v.Totals.Saved
				b.StopTimer()
				if err := lane.VoidLine(ctx, l.No); err != nil {
					b.Fatal(err)
				}
				if n%50 == 49 {
					fill()
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(b.N), "cpu-ns/op")
			if withPromos && saved == 0 {
				b.Fatal("no promotion applied")
			}
		})
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// BenchmarkReprice50Lines20Promotions measures the pricing step alone: a
// 50-line basket through the lane's engine (pos/promo), manual discounts and
// tax, as every scan does it.
func BenchmarkReprice50Lines20Promotions(b *testing.B) {
	var promos []string
	cats := []string{"despensa", "bebidas", "bodega", "dulces", "higiene"}
	for i, c := range cats {
		promos = append(promos, fmt.Sprintf(`{"id":"C%d","type":"percent_off","name":{"es":"x"},"target":{"categories":[%q]},"percent":%d}`, i, c, 5+i))
		promos = append(promos, fmt.Sprintf(`{"id":"M%d","type":"multi_buy","name":{"es":"x"},"target":{"categories":[%q]},"qty":3,"pay_qty":2}`, i, c))
		promos = append(promos, fmt.Sprintf(`{"id":"X%d","type":"buy_x_get_y","name":{"es":"x"},"target":{"categories":[%q]},"buy":1,"get":1,"percent":50}`, i, c))
	}
	for j := 0; len(promos) < 19; j++ {
		promos = append(promos, fmt.Sprintf(`{"id":"S%d","type":"multi_buy","name":{"es":"x"},"target":{"skus":["P%07d"]},"qty":2,"price":"3.00"}`, j, j*37))
	}
	promos = append(promos, `{"id":"T","type":"spend_threshold","name":{"es":"x"},"min_spend":"50.00","amount":"5.00","stackable":true}`)
	eng, err := promo.Compile([]byte("["+join(promos)+"]"), pos.EUR)
	if err != nil {
		b.Fatal(err)
	}
	bk := pos.NewBasket(pos.EUR)
	for i := 0; i < 50; i++ {
		p, err := samplecatalog.Product((i % 20) * 37)
		if err != nil {
			b.Fatal(err)
		}
		if p.ByWeight {
			_, err = bk.AddWeighed(p, "", 500)
		} else {
			_, err = bk.Add(p, "", 1+int64(i%3))
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	bk.Lines[3].Manual = &pos.ManualDiscount{Percent: 500, Reason: "r"}
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	c0 := cpuTime()
	for n := 0; n < b.N; n++ {
		if err := bk.Reprice(eng, at); err != nil {
			b.Fatal(err)
		}
		_ = bk.Totals()
	}
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	if bk.Totals().Saved == 0 {
		b.Fatal("nothing saved")
	}
}
