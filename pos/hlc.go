package pos

import "sync"

// HLC is a hybrid logical clock: milliseconds of wall time in the high bits
// and a counter in the low 16 bits, never going backwards even when the wall
// clock does, and moving past any timestamp it has seen from a peer.
type HLC struct {
	mu    sync.Mutex
	clock Clock
	last  int64
}

// NewHLC returns a clock that reads wall time from c.
func NewHLC(c Clock) *HLC { return &HLC{clock: c} }

// Now returns a timestamp greater than every one returned or observed before.
func (h *HLC) Now() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	wall := h.clock.Now().UnixMilli() << 16
	if wall > h.last {
		h.last = wall
	} else {
		h.last++
	}
	return h.last
}

// Observe moves the clock past a timestamp seen elsewhere (a peer, central,
// or the device's own last journal entry at start-up).
func (h *HLC) Observe(ts int64) {
	h.mu.Lock()
	if ts > h.last {
		h.last = ts
	}
	h.mu.Unlock()
}
