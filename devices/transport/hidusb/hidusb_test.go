package hidusb

import (
	"context"
	"errors"
	"testing"

	"github.com/karalabe/hid"
)

// TestNoDevice: with no such scanner attached, Dial says so (the manager
// then reports the device absent and retries).
func TestNoDevice(t *testing.T) {
	t.Logf("hid supported: %v, devices: %d", hid.Supported(), len(hid.Enumerate(0, 0)))
	_, err := Dialer{VendorID: 0xfffe, ProductID: 0xfffd, Interface: -1}.Dial(context.Background())
	if !errors.Is(err, ErrNoDevice) && !errors.Is(err, hid.ErrUnsupportedPlatform) {
		t.Fatalf("got %v", err)
	}
}
