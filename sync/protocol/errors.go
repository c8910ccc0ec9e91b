package protocol

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes carried in an Error body.
const (
	// CodeBadRequest: the request could not be read (malformed JSON, bad parameter).
	CodeBadRequest = "bad_request"
	// CodeTooLarge: the body or batch exceeds a limit.
	CodeTooLarge = "too_large"
	// CodeWrongDevice: an entry's device_id differs from the batch's.
	CodeWrongDevice = "wrong_device"
	// CodeChainGap: the batch starts past central's high-water mark + 1 or skips a seq.
	CodeChainGap = "chain_gap"
	// CodeChainConflict: an entry differs from the one central holds at its seq.
	CodeChainConflict = "chain_conflict"
	// CodeChainBroken: an entry's prev_hash or hash does not verify.
	CodeChainBroken = "chain_broken"
	// CodeNotFound: no such store, device or path.
	CodeNotFound = "not_found"
	// CodeUnauthorized: no valid credential.
	CodeUnauthorized = "unauthorized"
	// CodeForbidden: the credential may not do this.
	CodeForbidden = "forbidden"
	// CodeInternal: central failed; retry later.
	CodeInternal = "internal"
	// CodeUnavailable: central is shutting down or overloaded; retry later.
	CodeUnavailable = "unavailable"
)

// Error is the body of every non-2xx answer.
type Error struct {
	// Code is one of the Code* constants.
	Code string `json:"code"`
	// Message explains the error in plain words.
	Message string `json:"message"`
	// Seq is the first rejected journal entry, for chain errors.
	Seq int64 `json:"seq,omitempty"`
	// AckedSeq is central's high-water mark after a rejected batch: entries
	// before the bad one are stored and acknowledged.
	AckedSeq int64 `json:"acked_seq,omitempty"`
	// Status is the HTTP status it came with (not sent).
	Status int `json:"-"`
}

// Error implements error.
func (e *Error) Error() string {
	if e.Seq > 0 {
		return fmt.Sprintf("%s at seq %d: %s", e.Code, e.Seq, e.Message)
	}
	return e.Code + ": " + e.Message
}

// Errorf returns an Error with a code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// HTTPStatus is the HTTP status an Error code is sent with.
func HTTPStatus(code string) int {
	switch code {
	case CodeBadRequest, CodeWrongDevice:
		return http.StatusBadRequest
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeChainGap, CodeChainConflict, CodeChainBroken:
		return http.StatusConflict
	case CodeNotFound:
		return http.StatusNotFound
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Retryable reports whether a request that failed with err may succeed if
// sent again unchanged later: network errors, internal and unavailable
// errors. Chain and request errors are not retryable as they are.
func Retryable(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Code == CodeInternal || e.Code == CodeUnavailable
	}
	return err != nil
}

// CodeOf returns the protocol code of err, or "" if it carries none.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsChainError reports whether err rejects a batch because the journal does
// not continue what central holds: retrying the same entries cannot help.
func IsChainError(err error) bool {
	switch CodeOf(err) {
	case CodeChainGap, CodeChainConflict, CodeChainBroken, CodeWrongDevice:
		return true
	}
	return false
}
