package catalogimport

import (
	"fmt"
	"strings"
)

// MaxReported caps the row errors kept in a Report; Rejected still counts all.
const MaxReported = 10000

// RowError is one reason a row was rejected.
type RowError struct {
	// Line is the 1-based line of the file (the header is line 1 in CSV).
	Line int `json:"line"`
	// Field is the column at fault ("" for the row as a whole).
	Field string `json:"field,omitempty"`
	// Reason says what is wrong, in plain words.
	Reason string `json:"reason"`
}

// String renders the error as "line 7, price: not a number".
func (e RowError) String() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d, %s: %s", e.Line, e.Field, e.Reason)
}

// Report is the outcome of checking or importing a file.
type Report struct {
	// Rows read (not counting a CSV header).
	Rows int `json:"rows"`
	// Imported rows; 0 whenever any row was rejected.
	Imported int `json:"imported"`
	// Rejected counts rows with at least one error.
	Rejected int `json:"rejected"`
	// Errors lists the problems, at most MaxReported.
	Errors []RowError `json:"errors,omitempty"`
	// Cursor is the catalog feed position after the import.
	Cursor int64 `json:"cursor,omitempty"`
}

// OK reports whether no row was rejected.
func (r *Report) OK() bool { return r.Rejected == 0 && len(r.Errors) == 0 }

func (r *Report) add(e RowError) {
	if len(r.Errors) < MaxReported {
		r.Errors = append(r.Errors, e)
	}
}

// Error summarises a failed report; it implements error so callers can
// return it.
func (r *Report) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d rows rejected, nothing imported", r.Rejected, r.Rows)
	for i, e := range r.Errors {
		if i == 5 {
			fmt.Fprintf(&b, "; …")
			break
		}
		b.WriteString("; ")
		b.WriteString(e.String())
	}
	return b.String()
}
