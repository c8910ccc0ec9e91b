package devices

import (
	"sync"
	"sync/atomic"
)

// Bus fans device events out to subscribers in process. Publish never
// blocks: a subscriber whose buffer is full loses the event (counted in
// Dropped), so a stuck screen cannot stall a driver.
type Bus struct {
	mu      sync.Mutex
	subs    map[int]chan Event
	next    int
	dropped atomic.Int64
}

// NewBus returns an empty bus.
func NewBus() *Bus { return &Bus{subs: map[int]chan Event{}} }

// Subscribe returns a channel of events (buffered to size, 64 when 0) and a
// function that unsubscribes and closes it.
func (b *Bus) Subscribe(size int) (<-chan Event, func()) {
	if size <= 0 {
		size = 64
	}
	ch := make(chan Event, size)
	b.mu.Lock()
	id := b.next
	b.next++
	b.subs[id] = ch
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, id)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// Publish sends e to every subscriber that has room.
func (b *Bus) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		select {
		case ch <- e:
		default:
			b.dropped.Add(1)
		}
	}
}

// Dropped returns how many deliveries were lost to full subscribers.
func (b *Bus) Dropped() int64 { return b.dropped.Load() }
