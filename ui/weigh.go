package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// kgText is a weight as the store shows it: "1,234 kg" in Spanish, "1.234 kg" in English.
func kgText(lang string, grams int64) string {
	sep := "."
	if lang == "es" {
		sep = ","
	}
	return fmt.Sprintf("%d%s%03d kg", grams/1000, sep, grams%1000)
}

// weighedPrice is what grams of p cost, rounded half up as the basket does.
func weighedPrice(p pos.Product, grams int64) pos.Money {
	return pos.Money((int64(p.Price)*grams + 500) / 1000)
}

// parseKg reads a keyed weight in kilograms ("0,850", "0.85", "2") into
// grams; ok is false for anything else or outside 1 g – 100 kg.
func parseKg(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), "kg"))
	s = strings.ReplaceAll(s, ",", ".")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 3 || len(whole) > 3 || (whole == "0" && frac == "") {
		return 0, false
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	frac += strings.Repeat("0", 3-len(frac))
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 || strings.ContainsAny(whole+frac, "+-") {
		return 0, false
	}
	g := w*1000 + f
	return g, g >= 1 && g <= 100_000
}

// weighMessage tells the cashier why the scale gave no weight and what to do.
func weighMessage(lang string, err error) string {
	switch pos.ScaleConditionOf(err) {
	case pos.ScaleMotion:
		return i18n.T(lang, "weigh.motion")
	case pos.ScaleEmpty:
		return i18n.T(lang, "weigh.empty")
	case pos.ScaleUnderZero:
		return i18n.T(lang, "weigh.under_zero")
	case pos.ScaleOverCapacity:
		return i18n.T(lang, "weigh.over")
	case pos.ScaleZeroError, pos.ScaleFault:
		return i18n.T(lang, "weigh.fault")
	}
	return i18n.T(lang, "weigh.failed")
}

// kioskWeighMessage tells a customer what the scale needs, in plain words.
func kioskWeighMessage(lang string, err error) string {
	switch pos.ScaleConditionOf(err) {
	case pos.ScaleMotion:
		return i18n.T(lang, "kiosk.weigh.motion")
	case pos.ScaleEmpty:
		return i18n.T(lang, "kiosk.weigh.place")
	case pos.ScaleUnderZero:
		return i18n.T(lang, "kiosk.weigh.under_zero")
	case pos.ScaleOverCapacity:
		return i18n.T(lang, "kiosk.weigh.over")
	}
	return i18n.T(lang, "kiosk.weigh.broken")
}
