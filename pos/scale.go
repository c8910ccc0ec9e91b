package pos

import (
	"context"
	"errors"
)

// Scale is the lane's checkout scale as the lane and the screens use it;
// cmd adapts the device driver (devices/scale) to it.
type Scale interface {
	// Weigh returns a stable weight above zero in grams, waiting while the
	// scale moves. When there is none its error has a ScaleCondition
	// (ScaleConditionOf) saying why, or is a device error.
	Weigh(ctx context.Context) (grams int64, err error)
}

// ScaleCondition is why a scale gives no weight to sell by.
type ScaleCondition string

// Scale conditions.
const (
	ScaleMotion       ScaleCondition = "motion"        // still moving
	ScaleEmpty        ScaleCondition = "empty"         // nothing on it
	ScaleUnderZero    ScaleCondition = "under_zero"    // below zero: empty it and zero it
	ScaleOverCapacity ScaleCondition = "over_capacity" // too heavy
	ScaleZeroError    ScaleCondition = "zero_error"    // cannot find zero
	ScaleFault        ScaleCondition = "fault"         // hardware fault
)

// ScaleConditionOf returns the condition an error from Scale.Weigh carries
// (errors with a ScaleCondition() string method, as the device driver's
// are), or "" for other errors (scale unreachable, garbled reply…).
func ScaleConditionOf(err error) ScaleCondition {
	var c interface{ ScaleCondition() string }
	if errors.As(err, &c) {
		return ScaleCondition(c.ScaleCondition())
	}
	return ""
}

// ErrSoldByWeight is wrapped by the error of adding a product sold by
// weight by count: weigh it and add it with AddWeighed.
var ErrSoldByWeight = errors.New("weigh it")

// Product looks a scanned or typed code up (prices valid now) without
// adding it, e.g. to show a weighed item's name and price per kilogram
// while it is weighed.
func (l *Lane) Product(ctx context.Context, code string) (Product, error) {
	keys, err := LookupKeys(code)
	if err != nil {
		return Product{}, err
	}
	return l.lookup(ctx, keys)
}
