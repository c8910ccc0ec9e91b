package profile

import "fmt"

// FieldError names the file and the field of a profile that is wrong.
type FieldError struct {
	File  string // path inside the profile tree, e.g. "printers/TM-T88V.json"
	Field string // dotted field path, e.g. "fonts.0.columns"; empty for the whole file
	Err   error
}

// Error implements error.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.File, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }
