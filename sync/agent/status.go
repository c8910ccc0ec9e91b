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
	mu sync.Mutex
	s  pos.SyncStatus
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
