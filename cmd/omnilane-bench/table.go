package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// row is one figure of the table: what, measured, the floor, the target.
type row struct {
	what, got, floor, target, verdict string
}

type table struct{ rows []row }

func (t *table) add(what, got, floor, target string, ok bool) {
	v := "ok"
	if !ok {
		v = "MISSED"
	}
	t.rows = append(t.rows, row{what, got, floor, target, v})
}

func (t *table) print(w io.Writer) {
	cols := []string{"figure", "measured", "floor (same run)", "target", ""}
	width := make([]int, len(cols))
	cells := [][]string{cols}
	for _, r := range t.rows {
		cells = append(cells, []string{r.what, r.got, r.floor, r.target, r.verdict})
	}
	for _, c := range cells {
		for i, s := range c {
			width[i] = max(width[i], len([]rune(s)))
		}
	}
	for n, c := range cells {
		var b strings.Builder
		for i, s := range c {
			b.WriteString(s + strings.Repeat(" ", width[i]-len([]rune(s))) + "  ")
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if n == 0 {
			fmt.Fprintln(w, strings.Repeat("-", len(strings.TrimRight(b.String(), " "))))
		}
	}
}

// percentile returns the p-th percentile (0..100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
