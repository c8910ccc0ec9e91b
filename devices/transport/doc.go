// Package transport carries bytes to and from devices, separate from any
// device protocol: TCP now, serial (tarm/serial) and USB HID alongside.
package transport
