package pos_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// condErr is an error that carries a scale condition the way the scale
// driver's errors do.
type condErr string

func (e condErr) Error() string          { return string(e) }
func (e condErr) ScaleCondition() string { return string(e) }

// TestScaleConditionOf: the condition is found through any wrapping (a
// deadline joined to a motion reading included); other errors have none.
func TestScaleConditionOf(t *testing.T) {
	motion := fmt.Errorf("%w: %w", context.DeadlineExceeded, condErr("motion"))
	if c := pos.ScaleConditionOf(fmt.Errorf("weigh: %w", motion)); c != pos.ScaleMotion {
		t.Errorf("wrapped motion: %q", c)
	}
	if c := pos.ScaleConditionOf(condErr("over_capacity")); c != pos.ScaleOverCapacity {
		t.Errorf("over capacity: %q", c)
	}
	if c := pos.ScaleConditionOf(errors.New("scale: connect: no such file")); c != "" {
		t.Errorf("device error: %q", c)
	}
	if c := pos.ScaleConditionOf(nil); c != "" {
		t.Errorf("nil: %q", c)
	}
}
