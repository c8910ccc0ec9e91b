package devices

import "testing"

func TestBus(t *testing.T) {
	b := NewBus()
	a, stopA := b.Subscribe(2)
	c, stopC := b.Subscribe(1)
	defer stopA()
	for i := 0; i < 2; i++ {
		b.Publish(Event{Kind: EventState, Device: "p", State: StateReady})
	}
	if len(a) != 2 || len(c) != 1 || b.Dropped() != 1 {
		t.Fatalf("a %d c %d dropped %d", len(a), len(c), b.Dropped())
	}
	stopC()
	stopC() // idempotent
	b.Publish(Event{})
	if _, ok := <-c; !ok {
		t.Fatal("buffered event lost on unsubscribe")
	}
	if _, ok := <-c; ok {
		t.Fatal("channel not closed")
	}
}
