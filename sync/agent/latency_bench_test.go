package agent_test

import (
	"context"
	"testing"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/central"
)

// BenchmarkPriceChangeToLane: a price changed at central, until a running
// agent (long-polling) has it in the lane's store. Target < 2 s.
func BenchmarkPriceChangeToLane(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWorldB(b, 20)
	if _, err := w.agent.Pull(ctx); err != nil {
		b.Fatal(err)
	}
	go w.agent.Run(ctx)
	p, _ := samplecatalog.Product(0)
	keys, _ := pos.LookupKeys(p.Barcodes[0])
	var total time.Duration
	n := 0
	for b.Loop() {
		p.Price++
		start := time.Now()
		if err := w.reader.Post(ctx, central.PathAdminProducts, central.ProductChange{Products: []pos.Product{p}}, &central.ProductChangeResult{}); err != nil {
			b.Fatal(err)
		}
		for {
			got, err := w.store.ProductByCode(ctx, keys)
			if err == nil && got.Price == p.Price {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		total += time.Since(start)
		n++
	}
	b.ReportMetric(total.Seconds()*1000/float64(n), "ms/change")
}
