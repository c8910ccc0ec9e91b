package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Num is a profile number that may be the string "Unknown".
type Num struct {
	Value float64 // the number when Known (paper widths in mm can be fractional)
	Known bool    // false when the profile says "Unknown"
}

// UnmarshalJSON accepts an integer or the string "Unknown".
func (n *Num) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == `"Unknown"` {
		*n = Num{}
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || (len(b) > 0 && b[0] == '"') {
		return fmt.Errorf("want a number or \"Unknown\", got %s", truncate(b))
	}
	*n = Num{Value: v, Known: true}
	return nil
}

// MarshalJSON writes the number or "Unknown".
func (n Num) MarshalJSON() ([]byte, error) {
	if !n.Known {
		return json.Marshal("Unknown")
	}
	return json.Marshal(n.Value)
}

// String returns the number or "Unknown".
func (n Num) String() string {
	if !n.Known {
		return "Unknown"
	}
	return strconv.FormatFloat(n.Value, 'f', -1, 64)
}

// Int returns the number truncated to an integer, and false when unknown.
func (n Num) Int() (int, bool) { return int(n.Value), n.Known }

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
