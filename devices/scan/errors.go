package scan

import (
	"errors"
	"fmt"
)

// Sentinel errors; every parse error wraps one of them inside an *Error.
var (
	ErrEmpty       = errors.New("empty scan")
	ErrCheckDigit  = errors.New("wrong check digit")
	ErrMalformed   = errors.New("malformed barcode data")
	ErrUnsupported = errors.New("unsupported barcode content")
)

// Error explains why a scan could not be read.
type Error struct {
	Data   string // the data that failed (after the AIM identifier)
	Reason string // human-readable reason, e.g. "AI 17: month 13"
	Err    error  // one of the sentinel errors
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("scan %q: %s", e.Data, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

func errorf(data string, sentinel error, format string, args ...any) *Error {
	return &Error{Data: data, Reason: fmt.Sprintf(format, args...), Err: sentinel}
}
