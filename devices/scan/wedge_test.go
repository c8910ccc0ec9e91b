package scan

import (
	"testing"
	"time"
)

func TestWedge(t *testing.T) {
	type key struct {
		r  rune
		ms int // time since start
	}
	burst := func(s string, start, step int) []key {
		var ks []key
		for i, r := range s {
			ks = append(ks, key{r, start + i*step})
		}
		return ks
	}
	tests := []struct {
		name  string
		cfg   WedgeConfig
		keys  []key
		scans []string
		typed string
	}{
		{"scanner burst", WedgeConfig{}, burst("8412345678905\r", 0, 3), []string{"8412345678905"}, ""},
		{"human typing", WedgeConfig{}, burst("1234\r", 0, 120), nil, "1234\r"},
		{"short burst is typing", WedgeConfig{}, burst("12\r", 0, 2), nil, "12\r"},
		{"typing then scan", WedgeConfig{}, append(burst("ab", 0, 200), burst("4006381333931\r", 500, 4)...), []string{"4006381333931"}, "ab"},
		{"two scans", WedgeConfig{}, append(burst("11111\r", 0, 2), burst("22222\r", 100, 2)...), []string{"11111", "22222"}, ""},
		{"prefix removed", WedgeConfig{Prefix: "]E0", Suffix: '\n'}, burst("]E04006381333931\n", 0, 1), []string{"4006381333931"}, ""},
		{"pause inside burst splits it", WedgeConfig{}, append(burst("1234", 0, 2), burst("5678\r", 100, 2)...), []string{"5678"}, "1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWedge(tt.cfg)
			t0 := time.Unix(1_800_000_000, 0)
			var scans []string
			var typed []rune
			for _, k := range tt.keys {
				ev := w.Key(k.r, t0.Add(time.Duration(k.ms)*time.Millisecond))
				typed = append(typed, ev.Typed...)
				if ev.Scan != "" {
					scans = append(scans, ev.Scan)
				}
			}
			typed = append(typed, w.Tick(t0.Add(time.Hour)).Typed...)
			if len(scans) != len(tt.scans) || (len(scans) > 0 && scans[0] != tt.scans[0]) || (len(scans) > 1 && scans[1] != tt.scans[1]) {
				t.Errorf("scans %q want %q", scans, tt.scans)
			}
			if string(typed) != tt.typed {
				t.Errorf("typed %q want %q", string(typed), tt.typed)
			}
		})
	}
}
