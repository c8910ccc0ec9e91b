package ui

import (
	"context"
	"strings"

	"github.com/omnilane/omnilane/pos"
)

// shotScale stands in for the scale in the pictures: it always reads grams,
// or gives cond.
type shotScale struct {
	grams int64
	cond  pos.ScaleCondition
}

func (s shotScale) Weigh(context.Context) (int64, error) {
	if s.cond != "" {
		return 0, shotScaleErr(s.cond)
	}
	return s.grams, nil
}

// shotScaleErr is a scale condition as the device driver reports it.
type shotScaleErr pos.ScaleCondition

func (e shotScaleErr) Error() string          { return "scale: " + string(e) }
func (e shotScaleErr) ScaleCondition() string { return string(e) }

// weighCodes are the codes the weighing scenes ring: a packaged item, then
// the product sold by weight (none when the setup has none).
func weighCodes(setup ScreenshotSetup) []string {
	if setup.Weighed == "" {
		return setup.Barcodes[:1]
	}
	return []string{setup.Barcodes[0], setup.Weighed}
}

// shotLaneWeigh: the cashier keyed a PLU sold by weight, the scale did not
// settle, and the cashier is typing the weight.
func shotLaneWeigh(s *LaneScreen, codes []string) {
	s.opts.Scale = shotScale{cond: pos.ScaleMotion}
	for _, c := range codes {
		s.enter(c)
	}
	if s.weigh != nil {
		s.weigh.keyed.SetText(strings.TrimSuffix(kgText(s.lang, 1234), " kg"))
	}
}

// shotKioskWeigh: the customer put 1,234 kg of the produce on the scale.
func shotKioskWeigh(k *KioskScreen, _ *pos.Lane, lang string, codes []string) {
	k.start(lang)
	k.opts.Scale = shotScale{grams: 1234}
	for _, c := range codes {
		k.sell.code.SetText(c)
		k.scan()
		k.jobs.wait()
	}
	if k.weigh != nil {
		k.weigh.closed.Store(true) // one reading: a still picture
	}
}
