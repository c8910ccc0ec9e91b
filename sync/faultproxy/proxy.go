// Package faultproxy is an HTTP proxy for tests that sits between a lane and
// central and misbehaves on purpose: it drops requests before they arrive,
// drops answers after central acted, duplicates requests, delays them, and
// cuts request or answer bodies midway. It speaks real HTTP on real sockets.
package faultproxy

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the proxy does to one request.
type Fault int

// Faults.
const (
	// Pass forwards the request and its answer untouched.
	Pass Fault = iota
	// DropRequest closes the connection without forwarding.
	DropRequest
	// DropResponse forwards, lets central act, then closes the connection.
	DropResponse
	// Duplicate forwards the request twice and answers with the second answer.
	Duplicate
	// Delay holds the request for Proxy.Delay before forwarding.
	Delay
	// CutRequest forwards only the first half of the request body.
	CutRequest
	// CutResponse sends the answer's headers and half its body, then closes.
	CutResponse
)

// String names the fault.
func (f Fault) String() string {
	return [...]string{"pass", "drop-request", "drop-response", "duplicate", "delay", "cut-request", "cut-response"}[f]
}

// Proxy forwards to Target, applying the fault Choose picks per request.
type Proxy struct {
	// Target is the upstream base URL, e.g. "http://127.0.0.1:8080".
	Target string
	// Choose picks a fault for a request; nil passes everything.
	Choose func(r *http.Request) Fault
	// Delay is how long Delay holds a request.
	Delay time.Duration
	// Client reaches the target (default: a fresh transport).
	Client *http.Client
	// Log, if set, records each fault applied.
	Log *slog.Logger

	once   sync.Once
	counts [7]atomic.Int64
}

// Count returns how many times f was applied.
func (p *Proxy) Count(f Fault) int64 { return p.counts[f].Load() }

func (p *Proxy) client() *http.Client {
	p.once.Do(func() {
		if p.Client == nil {
			p.Client = &http.Client{Transport: &http.Transport{DisableCompression: true}}
		}
	})
	return p.Client
}

// ServeHTTP implements http.Handler.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := Pass
	if p.Choose != nil {
		f = p.Choose(r)
	}
	p.counts[f].Add(1)
	if p.Log != nil && f != Pass {
		p.Log.Info("fault", "fault", f.String(), "method", r.Method, "path", r.URL.Path)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		hangUp(w)
		return
	}
	switch f {
	case DropRequest:
		hangUp(w)
		return
	case Delay:
		select {
		case <-time.After(p.Delay):
		case <-r.Context().Done():
			return
		}
	case CutRequest:
		body = body[:len(body)/2]
	case Duplicate:
		if resp, err := p.forward(r, body); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	resp, err := p.forward(r, body)
	if err != nil {
		http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	switch f {
	case DropResponse:
		_, _ = io.Copy(io.Discard, resp.Body)
		hangUp(w)
		return
	case CutResponse:
		rb, _ := io.ReadAll(resp.Body)
		copyHeader(w.Header(), resp.Header)
		w.Header().Del("Content-Length")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(rb[:len(rb)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hangUp(w)
		return
	}
	copyHeader(w.Header(), resp.Header)
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

func (p *Proxy) forward(r *http.Request, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, p.Target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	copyHeader(req.Header, r.Header)
	req.ContentLength = int64(len(body))
	return p.client().Do(req)
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		for _, v := range vs {
			dst.Add(k, v)
		}
	}
}

// hangUp closes the client's connection without an answer.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
