package promo

import "time"

// Window limits when a promotion applies. The zero Window is always open.
type Window struct {
	// From is the first instant the promotion applies; zero means no start.
	From time.Time
	// To is the first instant it no longer applies; zero means no end.
	To time.Time
	// Weekdays the promotion applies on, in the store's time zone; empty
	// means every day.
	Weekdays []time.Weekday
	// StartMinute and EndMinute bound the time of day, in minutes from
	// midnight in the store's time zone: the window is open from StartMinute
	// up to (not including) EndMinute. Equal values mean all day. When
	// StartMinute is after EndMinute the hours wrap midnight (22:00–02:00);
	// the weekday is then that of the moment checked.
	StartMinute, EndMinute int
}

// Open reports whether the window is open at t. Weekdays and hours are read
// in t's location, so pass the store's local time.
func (w Window) Open(t time.Time) bool {
	if !w.From.IsZero() && t.Before(w.From) {
		return false
	}
	if !w.To.IsZero() && !t.Before(w.To) {
		return false
	}
	if len(w.Weekdays) > 0 {
		wd, ok := t.Weekday(), false
		for _, d := range w.Weekdays {
			if d == wd {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if w.StartMinute == w.EndMinute {
		return true
	}
	m := t.Hour()*60 + t.Minute()
	if w.StartMinute < w.EndMinute {
		return m >= w.StartMinute && m < w.EndMinute
	}
	return m >= w.StartMinute || m < w.EndMinute
}
