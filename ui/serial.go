package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// serial runs jobs one at a time, in the order given, off the UI goroutine,
// so that scans typed faster than the store answers keep their order and the
// screen never freezes. A job's show func runs on the UI goroutine.
type serial struct {
	mu      sync.Mutex
	queue   []func()
	running bool
	idle    sync.WaitGroup
}

// inlineJobs makes every serial queue run its jobs only in wait, on the
// waiting goroutine. Tests set it: under the test driver fyne.Do runs
// callbacks on the calling goroutine, so a worker goroutine would touch
// widgets while the test (standing in for the UI goroutine) still does.
var inlineJobs = false

// do queues work; show runs through fyne.Do once work is done.
func (s *serial) do(work func() func()) {
	if inlineJobs {
		s.mu.Lock()
		s.queue = append(s.queue, func() {
			if show := work(); show != nil {
				show()
			}
		})
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	s.idle.Add(1)
	s.queue = append(s.queue, func() {
		if show := work(); show != nil {
			fyne.DoAndWait(show)
		}
	})
	if !s.running {
		s.running = true
		go s.drain()
	}
	s.mu.Unlock()
}

func (s *serial) drain() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		job := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		job()
		s.idle.Done()
	}
}

// wait blocks until every queued job has run and shown its result. Tests
// and the screenshot scenes use it; the UI goroutine must never call it
// (except with inlineJobs, where it runs the jobs itself).
func (s *serial) wait() {
	if inlineJobs {
		for {
			s.mu.Lock()
			if len(s.queue) == 0 {
				s.mu.Unlock()
				return
			}
			job := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			job()
		}
	}
	s.idle.Wait()
}
