package scale

import (
	"errors"
	"fmt"
)

// ErrGarbled is wrapped by every error about bytes that are not a valid reply.
var ErrGarbled = errors.New("scale: garbled reply")

// ErrNoResponse is wrapped when the scale does not answer in time.
var ErrNoResponse = errors.New("scale: no response")

// Condition is why a scale gives no weight to sell by.
type Condition string

// Conditions. They match pos.ScaleCondition's values, so the screens can
// tell them apart without importing this package.
const (
	CondMotion       Condition = "motion"        // moving: wait
	CondEmpty        Condition = "empty"         // stable at zero: nothing on it
	CondUnderZero    Condition = "under_zero"    // below zero: empty it and zero it
	CondOverCapacity Condition = "over_capacity" // too heavy
	CondZeroError    Condition = "zero_error"    // cannot find zero
	CondFault        Condition = "fault"         // hardware fault
)

// Error is a valid reply that gives no weight.
type Error struct {
	Condition Condition
}

// Error describes the condition.
func (e *Error) Error() string {
	switch e.Condition {
	case CondMotion:
		return "scale: weight not stable (in motion)"
	case CondEmpty:
		return "scale: nothing on the scale"
	case CondUnderZero:
		return "scale: under zero"
	case CondOverCapacity:
		return "scale: over capacity"
	case CondZeroError:
		return "scale: cannot find zero (outside the zero capture range)"
	case CondFault:
		return "scale: hardware fault reported"
	}
	return "scale: " + string(e.Condition)
}

// Is makes errors.Is(err, &Error{Condition: c}) match by condition.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Condition == e.Condition
}

// ScaleCondition returns the condition as text; pos.ScaleConditionOf reads
// it through this method.
func (e *Error) ScaleCondition() string { return string(e.Condition) }

// ConditionOf returns err's condition, or "" when err is not an *Error.
func ConditionOf(err error) Condition {
	var e *Error
	if errors.As(err, &e) {
		return e.Condition
	}
	return ""
}

// ReplyError is a reply that could not be read.
type ReplyError struct {
	Frame []byte
	Why   string
}

// Error names the bytes and the reason.
func (e *ReplyError) Error() string {
	return fmt.Sprintf("scale: garbled reply %q: %s", e.Frame, e.Why)
}

// Unwrap returns ErrGarbled.
func (e *ReplyError) Unwrap() error { return ErrGarbled }

func garbled(f []byte, format string, args ...any) error {
	return &ReplyError{Frame: append([]byte(nil), f...), Why: fmt.Sprintf(format, args...)}
}
