package protocol

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// DecodeJSON reads exactly one JSON value of at most limit bytes from r into
// v, rejecting unknown fields and trailing data. Failures are *Error with
// CodeBadRequest or CodeTooLarge.
func DecodeJSON(r io.Reader, limit int64, v any) error {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if lr.N <= 0 {
			return Errorf(CodeTooLarge, "body exceeds %d bytes", limit)
		}
		return &Error{Code: CodeBadRequest, Message: "malformed JSON: " + err.Error()}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if lr.N <= 0 {
			return Errorf(CodeTooLarge, "body exceeds %d bytes", limit)
		}
		return Errorf(CodeBadRequest, "malformed JSON: data after the value")
	}
	return nil
}

// DecodeBatch reads and checks the shape of a JournalBatch: a device id,
// at most MaxBatchEntries entries, each of that device, with a positive seq,
// ascending, and well-formed hashes. Whether the chain holds is for the
// receiver to verify against what it already has.
func DecodeBatch(r io.Reader) (JournalBatch, error) {
	var b JournalBatch
	if err := DecodeJSON(r, MaxBatchBytes, &b); err != nil {
		return JournalBatch{}, err
	}
	if err := b.Validate(); err != nil {
		return JournalBatch{}, err
	}
	return b, nil
}

// Validate checks a batch's shape (see DecodeBatch).
func (b JournalBatch) Validate() error {
	if b.DeviceID == "" {
		return Errorf(CodeBadRequest, "batch has no device_id")
	}
	if len(b.Entries) > MaxBatchEntries {
		return Errorf(CodeTooLarge, "batch has %d entries; at most %d", len(b.Entries), MaxBatchEntries)
	}
	for i, e := range b.Entries {
		switch {
		case e.DeviceID != b.DeviceID:
			return &Error{Code: CodeWrongDevice, Seq: e.Seq, Message: fmt.Sprintf("entry %d belongs to device %q, not %q", i, e.DeviceID, b.DeviceID)}
		case e.Seq <= 0:
			return Errorf(CodeBadRequest, "entry %d has seq %d; seqs start at 1", i, e.Seq)
		case i > 0 && e.Seq != b.Entries[i-1].Seq+1:
			return &Error{Code: CodeChainGap, Seq: b.Entries[i-1].Seq + 1, Message: fmt.Sprintf("entries are not consecutive: %d follows %d", e.Seq, b.Entries[i-1].Seq)}
		case !isHash(e.Hash) || !isHash(e.PrevHash):
			return &Error{Code: CodeChainBroken, Seq: e.Seq, Message: "entry has a malformed hash or prev_hash"}
		case e.ID == "" || e.Type == "":
			return &Error{Code: CodeBadRequest, Seq: e.Seq, Message: "entry has no id or type"}
		}
	}
	return nil
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// WriteJSON sends v as a JSON answer with status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	return nil
}

// WriteError sends e with the status its code maps to.
func WriteError(w http.ResponseWriter, e *Error) error {
	return WriteJSON(w, HTTPStatus(e.Code), e)
}

// ReadError turns a non-2xx response into an *Error, using the JSON body
// when it is one and the status line otherwise. It reads the body.
func ReadError(resp *http.Response) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var e Error
	if json.Unmarshal(body, &e) == nil && e.Code != "" {
		e.Status = resp.StatusCode
		return &e
	}
	code := CodeInternal
	switch {
	case resp.StatusCode == http.StatusNotFound:
		code = CodeNotFound
	case resp.StatusCode == http.StatusUnauthorized:
		code = CodeUnauthorized
	case resp.StatusCode == http.StatusForbidden:
		code = CodeForbidden
	case resp.StatusCode == http.StatusRequestEntityTooLarge:
		code = CodeTooLarge
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		code = CodeBadRequest
	case resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusBadGateway, resp.StatusCode == http.StatusGatewayTimeout:
		code = CodeUnavailable
	}
	return &Error{Code: code, Status: resp.StatusCode, Message: fmt.Sprintf("HTTP %s: %s", resp.Status, bytes.TrimSpace(body))}
}
