// Package hidusb opens USB HID devices (HID POS barcode scanners) with
// karalabe/hid, matched by vendor and product id: on Linux its libusb backend
// reports no usage page, so the profile's VID/PID (and interface) decide.
// It is its own package because karalabe/hid needs cgo.
package hidusb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/karalabe/hid"

	"github.com/omnilane/omnilane/devices/transport"
)

// ErrNoDevice is returned when no attached device matches.
var ErrNoDevice = errors.New("no matching USB HID device")

// Dialer opens the first HID device with the given ids.
type Dialer struct {
	VendorID, ProductID uint16
	// Interface selects the USB interface when the device has several (-1: any).
	Interface int
}

// Dial opens the device. Each Read returns one input report.
func (d Dialer) Dial(ctx context.Context) (transport.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !hid.Supported() {
		return nil, fmt.Errorf("%s: %w", d, hid.ErrUnsupportedPlatform)
	}
	for _, info := range hid.Enumerate(d.VendorID, d.ProductID) {
		if d.Interface >= 0 && info.Interface != d.Interface {
			continue
		}
		dev, err := info.Open()
		if err != nil {
			return nil, fmt.Errorf("open %s (%s): %w", d, info.Path, err)
		}
		return &conn{dev: dev}, nil
	}
	return nil, fmt.Errorf("%s: %w", d, ErrNoDevice)
}

// String returns "usb-hid VID:PID".
func (d Dialer) String() string { return fmt.Sprintf("usb-hid %04x:%04x", d.VendorID, d.ProductID) }

// conn never frees a device a read is still using (hidapi would read freed
// memory, and karalabe/hid has no read timeout): Close during a blocked Read
// only marks the connection closed; the Read closes the device when it
// returns (at the next report or when the device is unplugged).
type conn struct {
	dev     *hid.Device
	mu      sync.Mutex
	reading bool
	done    bool
}

func (c *conn) Read(b []byte) (int, error) {
	c.mu.Lock()
	if c.done {
		c.mu.Unlock()
		return 0, transport.ErrClosed
	}
	c.reading = true
	c.mu.Unlock()
	n, err := c.dev.Read(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reading = false
	if c.done {
		_ = c.dev.Close()
		return 0, transport.ErrClosed
	}
	return n, err
}

func (c *conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	done := c.done
	c.mu.Unlock()
	if done {
		return 0, transport.ErrClosed
	}
	return c.dev.Write(b)
}

func (c *conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return nil
	}
	c.done = true
	if c.reading {
		return nil // the blocked Read closes the device when it returns
	}
	return c.dev.Close()
}
