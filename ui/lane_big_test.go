package ui

import (
	"context"
	"strings"
	"testing"
)

// A basket of 300 lines stays light: the list builds only the rows on
// screen, and scrolling to the end shows the last line.
func TestLaneBasketOf300LinesIsVirtualised(t *testing.T) {
	s, _ := newTestScreen(t, "es", LaneOptions{})
	ctx := context.Background()
	for i := range 300 {
		code := coffeeCode
		if i%2 == 1 {
			code = wineCode
		}
		if _, err := s.lane.AddByCode(ctx, code, 1); err != nil {
			t.Fatal(err)
		}
	}
	s.basket = s.lane.Basket()
	s.showBasket()
	s.list.ScrollToBottom()
	got := rows(s)
	if len(got) == 0 || len(got) > 40 {
		t.Fatalf("%d rows built for 300 lines; a virtualised list builds only what fits", len(got))
	}
	last := got[len(got)-1]
	if !strings.HasPrefix(last, "300 ") {
		t.Errorf("last row on screen after scrolling to the end: %q", last)
	}
	if s.total.Text != "1872,00 €" {
		t.Errorf("total %q", s.total.Text)
	}
}
