package printer

import (
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/devices/escpos"
)

// ErrNoResponse is returned when the printer does not answer a status request
// in time (powered off, hung, or not an ESC/POS printer).
var ErrNoResponse = errors.New("printer did not answer status request")

// NotReadyError is returned when the printer reports a condition that stops
// printing. errors.Is matches escpos.ErrPaperOut, ErrCoverOpen, ErrOffline or
// ErrPrinterError.
type NotReadyError struct {
	Status escpos.Status
}

// Error implements error.
func (e *NotReadyError) Error() string {
	return fmt.Sprintf("printer not ready: %s", e.Status)
}

// Unwrap returns the status's main reason.
func (e *NotReadyError) Unwrap() error { return e.Status.Err() }
