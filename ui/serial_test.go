package ui

import (
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"
)

// The real mode: jobs run in order on a worker goroutine and their results
// reach the UI through fyne.Do; wait returns once all are shown.
func TestSerialRunsJobsInOrderOffTheCaller(t *testing.T) {
	test.NewTempApp(t)
	inlineJobs = false
	defer func() { inlineJobs = true }()
	var s serial
	var got []int
	var running atomic.Int32
	for i := range 50 {
		s.do(func() func() {
			if running.Add(1) != 1 {
				t.Error("two jobs ran at once")
			}
			running.Add(-1)
			return func() { got = append(got, i) }
		})
	}
	s.wait()
	if len(got) != 50 {
		t.Fatalf("%d results shown", len(got))
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("job %d shown in position %d", v, i)
		}
	}
}
