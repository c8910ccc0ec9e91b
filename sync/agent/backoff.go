package agent

import "time"

// backoff computes retry delays: doubling from min up to max, each drawn
// from [d/2, d) so lanes that failed together do not retry together.
type backoff struct {
	min, max time.Duration
	jitter   func() float64
	attempt  int
}

// next returns the delay before the next retry and counts the attempt.
func (b *backoff) next() time.Duration {
	d := b.min
	for i := 0; i < b.attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	b.attempt++
	return d/2 + time.Duration(b.jitter()*float64(d/2))
}

// reset forgets past failures.
func (b *backoff) reset() { b.attempt = 0 }
