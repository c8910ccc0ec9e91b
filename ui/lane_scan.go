package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// submitCode adds what the code entry holds: a barcode or PLU, optionally
// prefixed by a quantity ("3*8412345678905"). The entry is cleared and stays
// focused at once, so the next scan is never lost while the store answers.
func (s *LaneScreen) submitCode() {
	input := strings.TrimSpace(s.code.Text)
	s.code.SetText("")
	s.focusCode()
	s.ring(input)
}

// ring adds input (a code, optionally "qty*code") to the basket and shows
// the answer; it leaves the focus where it is.
func (s *LaneScreen) ring(input string) {
	if input == "" {
		return
	}
	if s.done.shown {
		s.setPane(s.sellPane)
		s.done.shown = false
	}
	s.closeWeigh() // a new scan ends a weighing left open
	qty, code, ok := parseQtyCode(input)
	if !ok {
		s.say(i18n.T(s.lang, "err.qty"), true)
		return
	}
	s.jobs.do(func() func() {
		line, err := s.lane.AddByCode(context.Background(), code, qty)
		basket := s.lane.Basket()
		return func() {
			s.basket = basket
			s.showBasket()
			if errors.Is(err, pos.ErrSoldByWeight) {
				s.startWeigh(code)
				return
			}
			if err != nil {
				s.opts.Log.Info("scan refused", "code", code, "err", err)
				s.say(scanErrorMessage(s.lang, code, err), true)
				s.staffNeeded(err)
				return
			}
			s.say(i18n.T(s.lang, "lane.added", lineName(s.lang, line)), false)
			s.list.ScrollToBottom()
		}
	})
}

// parseQtyCode splits "3*code" (or "3x code") into a quantity and a code;
// a bare code is one unit. ok is false for a quantity outside 1..9999.
func parseQtyCode(input string) (qty int64, code string, ok bool) {
	i := strings.IndexAny(input, "*xX")
	if i < 0 {
		return 1, input, true
	}
	q, err := strconv.ParseInt(strings.TrimSpace(input[:i]), 10, 64)
	if err != nil || q < 1 || q > 9999 {
		return 0, "", false
	}
	return q, strings.TrimSpace(input[i+1:]), true
}

// voidSelected voids the line selected in the basket list.
func (s *LaneScreen) voidSelected() {
	defer s.focusCode()
	if s.selected < 0 || s.selected >= len(s.basket.Lines) {
		s.say(i18n.T(s.lang, "lane.void.none"), true)
		return
	}
	no := s.basket.Lines[s.selected].No
	s.jobs.do(func() func() {
		err := s.lane.VoidLine(context.Background(), no)
		basket := s.lane.Basket()
		return func() {
			s.basket = basket
			s.showBasket()
			if pos.ErrorCode(err) == pos.EOVERRIDE {
				s.askApproval(i18n.T(s.lang, "approve.void_line", no), pos.PermVoidLine,
					func(ctx context.Context, _ string, ov *pos.Override) error { return s.lane.VoidLineWith(ctx, no, ov) },
					i18n.T(s.lang, "lane.void.done", no))
				return
			}
			if err != nil {
				s.say(ErrorMessage(s.lang, err), true)
				s.staffNeeded(err)
				return
			}
			s.say(i18n.T(s.lang, "lane.void.done", no), false)
		}
	})
}

// lineName is a line's product name in lang.
func lineName(lang string, l pos.Line) string {
	if lang == "en" && l.NameEN != "" {
		return l.NameEN
	}
	return l.Name
}

// staffNeeded reacts to the errors that need staff rather than a new scan:
// nobody signed in (or idled out) shows the sign-in screen, no open shift
// shows the float count.
func (s *LaneScreen) staffNeeded(err error) {
	switch pos.ErrorCode(err) {
	case pos.ENOOPERATOR:
		s.showSignIn(ErrorMessage(s.lang, err))
	case pos.ENOSHIFT:
		s.openShiftPane()
	}
}
