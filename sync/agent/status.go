package agent

import (
	"errors"
	"sync"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// status is the agent's view of sync, safe for concurrent use.
type status struct {
	mu     sync.Mutex
	s      pos.SyncStatus
	oldest time.Time // wall time of the oldest unacknowledged entry
}

// Lag is how long the oldest entry central has not acknowledged has been
// waiting, as of now (0 when nothing is pending). The lane shows it beside
// the pending count.
func (a *Agent) Lag(now time.Time) time.Duration {
	a.st.mu.Lock()
	defer a.st.mu.Unlock()
	if a.st.s.Pending == 0 || a.st.oldest.IsZero() {
		return 0
	}
	return max(0, now.Sub(a.st.oldest))
}

func (st *status) setOldest(t time.Time) {
	st.mu.Lock()
	st.oldest = t
	st.mu.Unlock()
}

func (st *status) get() pos.SyncStatus {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.s
}

func (st *status) setPending(n int64) {
	st.mu.Lock()
	st.s.Pending = n
	st.mu.Unlock()
}

// succeeded records an exchange central answered.
func (st *status) succeeded(at time.Time) {
	st.mu.Lock()
	st.s.Online, st.s.LastSuccess, st.s.LastError = true, at, ""
	st.mu.Unlock()
}

// failed records a failed exchange. Central is still online when it
// answered with a rejection; it is offline when it could not be reached or
// failed itself.
func (st *status) failed(at time.Time, err error) {
	var pe *protocol.Error
	answered := errors.As(err, &pe) && pe.Code != protocol.CodeInternal && pe.Code != protocol.CodeUnavailable
	st.mu.Lock()
	st.s.Online = answered
	if answered {
		st.s.LastSuccess = at
	}
	st.s.LastError = err.Error()
	st.mu.Unlock()
}
