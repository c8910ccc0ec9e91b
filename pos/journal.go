package pos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Journal event types.
const (
	EventSaleCompleted = "sale.completed"
)

// GenesisHash is the prev_hash of a device's first journal entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one immutable entry of a device's journal: a business fact.
// Seq runs 1, 2, 3… per device with no gaps; Hash chains each entry to the
// one before it.
type Event struct {
	// DeviceID names the device whose journal holds the entry.
	DeviceID string `json:"device_id"`
	// Seq is the entry's position in the device's journal, from 1.
	Seq int64 `json:"seq"`
	// ID is the entry's UUIDv7.
	ID string `json:"id"`
	// Type says what happened, e.g. EventSaleCompleted.
	Type string `json:"type"`
	// Payload is the fact itself as compact JSON.
	Payload json.RawMessage `json:"payload"`
	// HLC is the hybrid logical clock timestamp.
	HLC int64 `json:"hlc"`
	// At is the wall time, UTC, to the millisecond.
	At time.Time `json:"at"`
	// Operator is the signed-in operator, if any.
	Operator string `json:"operator,omitempty"`
	// PrevHash is the Hash of entry Seq-1 (GenesisHash for Seq 1).
	PrevHash string `json:"prev_hash"`
	// Hash is SHA-256(prev_hash bytes || canonical entry), hex.
	Hash string `json:"hash"`
}

// EventDraft is what a caller knows of an event before the journal seals it.
type EventDraft struct {
	// Type of the event.
	Type string
	// Payload is marshalled to JSON.
	Payload any
	// Operator who did it.
	Operator string
}

type canonicalEvent struct {
	DeviceID string          `json:"device_id"`
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Payload  json.RawMessage `json:"payload"`
	HLC      int64           `json:"hlc"`
	At       string          `json:"at"`
	Operator string          `json:"operator"`
}

const atLayout = "2006-01-02T15:04:05.000Z"

// CanonicalBytes is the exact byte form an entry's hash covers: JSON with a
// fixed field order, compact payload and a millisecond UTC time.
func (e Event) CanonicalBytes() ([]byte, error) {
	var payload bytes.Buffer
	if len(e.Payload) == 0 {
		payload.WriteString("null")
	} else if err := json.Compact(&payload, e.Payload); err != nil {
		return nil, fmt.Errorf("event %s/%d payload: %w", e.DeviceID, e.Seq, err)
	}
	return json.Marshal(canonicalEvent{
		DeviceID: e.DeviceID, Seq: e.Seq, ID: e.ID, Type: e.Type,
		Payload: payload.Bytes(), HLC: e.HLC,
		At: e.At.UTC().Format(atLayout), Operator: e.Operator,
	})
}

// ComputeHash returns the hash the entry should carry given its PrevHash.
func (e Event) ComputeHash() (string, error) {
	prev, err := hex.DecodeString(e.PrevHash)
	if err != nil || len(prev) != sha256.Size {
		return "", Errorf(EJOURNAL, "entry %s/%d has a malformed prev_hash", e.DeviceID, e.Seq)
	}
	c, err := e.CanonicalBytes()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(c)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Seal fills in the chain fields of an entry that follows prev (nil for the
// first entry) and returns it.
func Seal(prev *Event, e Event) (Event, error) {
	e.At = e.At.UTC().Truncate(time.Millisecond)
	if prev == nil {
		e.Seq, e.PrevHash = 1, GenesisHash
	} else {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	var payload bytes.Buffer
	if err := json.Compact(&payload, e.Payload); err != nil {
		return Event{}, fmt.Errorf("seal %s: payload: %w", e.Type, err)
	}
	e.Payload = payload.Bytes()
	h, err := e.ComputeHash()
	if err != nil {
		return Event{}, err
	}
	e.Hash = h
	return e, nil
}

// ChainError names the first entry where a journal stops being whole.
type ChainError struct {
	// DeviceID of the journal.
	DeviceID string
	// Seq of the first bad entry (or the first missing seq).
	Seq int64
	// Reason says what is wrong, in plain words.
	Reason string
}

// Error implements error.
func (e *ChainError) Error() string {
	return fmt.Sprintf("journal %s broken at seq %d: %s", e.DeviceID, e.Seq, e.Reason)
}

// ChainVerifier checks entries one at a time, in seq order, so a journal of
// any length is verified in constant memory.
type ChainVerifier struct {
	// DeviceID the entries must carry.
	DeviceID string
	last     *Event
	// Count of entries verified so far.
	Count int64
}

// Resume makes the verifier continue after an entry already known to be good.
func (v *ChainVerifier) Resume(last Event) { v.last = &last; v.Count = 0 }

// Next verifies the next entry. The returned error is a *ChainError.
func (v *ChainVerifier) Next(e Event) error {
	wantSeq, wantPrev := int64(1), GenesisHash
	if v.last != nil {
		wantSeq, wantPrev = v.last.Seq+1, v.last.Hash
	}
	bad := func(seq int64, format string, args ...any) error {
		return &ChainError{DeviceID: v.DeviceID, Seq: seq, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case e.DeviceID != v.DeviceID:
		return bad(e.Seq, "entry belongs to device %q", e.DeviceID)
	case e.Seq > wantSeq:
		return bad(wantSeq, "entry %d is missing (next present is %d)", wantSeq, e.Seq)
	case e.Seq < wantSeq:
		return bad(e.Seq, "entry %d is out of order or repeated after %d", e.Seq, wantSeq-1)
	case e.PrevHash != wantPrev:
		return bad(e.Seq, "prev_hash does not match the hash of entry %d (entry deleted, reordered or replaced)", wantSeq-1)
	}
	h, err := e.ComputeHash()
	if err != nil {
		return bad(e.Seq, "%v", err)
	}
	if h != e.Hash {
		return bad(e.Seq, "content does not match its hash (entry edited)")
	}
	v.last = &e
	v.Count++
	return nil
}
