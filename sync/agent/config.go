package agent

import (
	"fmt"
	"time"
)

// Config says where central is and how the agent paces itself. Zero
// durations and sizes take the defaults shown.
type Config struct {
	// CentralURL is central's base URL, e.g. "http://127.0.0.1:8080".
	CentralURL string
	// DeviceID is this lane's device id; its journal is pushed.
	DeviceID string
	// StoreID is the store whose catalog feed is pulled.
	StoreID string
	// Credential is the device's bearer credential, if central requires one.
	Credential string
	// BatchSize is the most journal entries per push (default 500).
	BatchSize int
	// PageSize is the most catalog changes per feed page (default 1000).
	PageSize int
	// StockPageSize is the most stock levels per stock feed page (default
	// central's, 10,000).
	StockPageSize int
	// Interval is how often the agent pushes when not woken (default 5 s).
	Interval time.Duration
	// LongPoll is how long central may hold a feed request waiting for a
	// change (default 25 s). Negative disables long-polling: the feed is
	// then read every Interval.
	LongPoll time.Duration
	// RequestTimeout bounds one request, on top of LongPoll for the feed
	// (default 30 s).
	RequestTimeout time.Duration
	// MinBackoff is the first retry delay after a failure (default 500 ms).
	MinBackoff time.Duration
	// MaxBackoff caps the retry delay (default 30 s).
	MaxBackoff time.Duration
	// Jitter returns a number in [0,1) used to spread retries; nil uses math/rand/v2.
	Jitter func() float64
}

func (c Config) withDefaults() (Config, error) {
	if c.CentralURL == "" || c.DeviceID == "" || c.StoreID == "" {
		return c, fmt.Errorf("agent config: CentralURL, DeviceID and StoreID are required")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.PageSize <= 0 {
		c.PageSize = 1000
	}
	def(&c.Interval, 5*time.Second)
	def(&c.LongPoll, 25*time.Second)
	def(&c.RequestTimeout, 30*time.Second)
	def(&c.MinBackoff, 500*time.Millisecond)
	def(&c.MaxBackoff, 30*time.Second)
	return c, nil
}
