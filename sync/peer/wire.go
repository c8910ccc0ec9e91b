package peer

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/omnilane/omnilane/pos"
)

// ServiceType is the DNS-SD service type lanes advertise and browse.
const ServiceType = "_omnilane._tcp"

// WireVersion is the version of the peer wire a lane speaks.
const WireVersion = "v1"

// Paths of the peer wire.
const (
	// PathHello answers GET with a Hello.
	PathHello = "/peer/v1/hello"
	// PathJournal answers GET ?after=&limit= with a JournalPage.
	PathJournal = "/peer/v1/journal"
	// PathSale answers GET with the pos.Sale of the serving lane whose
	// receipt code is {code}.
	PathSale = "/peer/v1/sales/{code}"
)

// Limits of the peer wire.
const (
	// MaxPageEntries is the most entries one JournalPage carries.
	MaxPageEntries = 1000
	// MaxPageBytes bounds a JournalPage body.
	MaxPageBytes = 64 << 20
	// maxSmallBody bounds a Hello or a sale.
	maxSmallBody = 4 << 20
)

// Hello says who a lane is: which device, of which store, and how far its
// journal goes.
type Hello struct {
	// DeviceID of the serving lane.
	DeviceID string `json:"device_id"`
	// StoreID the lane belongs to.
	StoreID string `json:"store_id"`
	// Version of the peer wire, WireVersion.
	Version string `json:"version"`
	// HeadSeq is the seq of the lane's last journal entry (0 when empty).
	HeadSeq int64 `json:"head_seq"`
}

// JournalPage is a run of consecutive entries of the serving lane's journal.
type JournalPage struct {
	// DeviceID of the serving lane; every entry carries it.
	DeviceID string `json:"device_id"`
	// StoreID the lane belongs to.
	StoreID string `json:"store_id"`
	// HeadSeq is the seq of the lane's last journal entry.
	HeadSeq int64 `json:"head_seq"`
	// Entries after the requested seq, ascending, without gaps.
	Entries []pos.Event `json:"entries"`
	// More is true when entries past the last one exist now.
	More bool `json:"more"`
}

// decodeOne reads exactly one JSON value of at most limit bytes.
func decodeOne(r io.Reader, limit int64, v any) error {
	lr := &io.LimitedReader{R: r, N: limit + 1}
	dec := json.NewDecoder(lr)
	if err := dec.Decode(v); err != nil {
		if lr.N <= 0 {
			return fmt.Errorf("answer exceeds %d bytes", limit)
		}
		return fmt.Errorf("malformed answer: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if lr.N <= 0 {
			return fmt.Errorf("answer exceeds %d bytes", limit)
		}
		return errors.New("malformed answer: data after the value")
	}
	return nil
}

// DecodeHello reads a Hello and checks that it names a device and a store.
func DecodeHello(r io.Reader) (Hello, error) {
	var h Hello
	if err := decodeOne(r, maxSmallBody, &h); err != nil {
		return Hello{}, fmt.Errorf("peer hello: %w", err)
	}
	if h.DeviceID == "" || h.StoreID == "" {
		return Hello{}, errors.New("peer hello: no device_id or store_id")
	}
	if h.HeadSeq < 0 {
		return Hello{}, fmt.Errorf("peer hello: head_seq %d", h.HeadSeq)
	}
	return h, nil
}

// DecodeJournalPage reads a JournalPage and checks its shape: a device and a
// store, at most MaxPageEntries entries, each of that device, with seqs
// consecutive from a positive first one, well-formed hashes, and a head at
// or past the last entry. Whether the chain holds is checked by the puller
// against what the lane already has.
func DecodeJournalPage(r io.Reader) (JournalPage, error) {
	var p JournalPage
	if err := decodeOne(r, MaxPageBytes, &p); err != nil {
		return JournalPage{}, fmt.Errorf("peer journal page: %w", err)
	}
	if err := p.Validate(); err != nil {
		return JournalPage{}, err
	}
	return p, nil
}

// Validate checks a page's shape (see DecodeJournalPage).
func (p JournalPage) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("peer journal page of %q: "+format, append([]any{p.DeviceID}, args...)...)
	}
	if p.DeviceID == "" || p.StoreID == "" {
		return bad("no device_id or store_id")
	}
	if len(p.Entries) > MaxPageEntries {
		return bad("%d entries; at most %d", len(p.Entries), MaxPageEntries)
	}
	for i, e := range p.Entries {
		switch {
		case e.DeviceID != p.DeviceID:
			return bad("entry %d belongs to device %q", e.Seq, e.DeviceID)
		case e.Seq < 1:
			return bad("entry with seq %d", e.Seq)
		case i > 0 && e.Seq != p.Entries[i-1].Seq+1:
			return bad("entry %d follows entry %d", e.Seq, p.Entries[i-1].Seq)
		case !isHash(e.Hash) || !isHash(e.PrevHash):
			return bad("entry %d has a malformed hash", e.Seq)
		}
	}
	if n := len(p.Entries); n > 0 && p.HeadSeq < p.Entries[n-1].Seq {
		return bad("head_seq %d is before its last entry %d", p.HeadSeq, p.Entries[n-1].Seq)
	}
	if p.HeadSeq < 0 {
		return bad("head_seq %d", p.HeadSeq)
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
