package scanner

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/transport"
)

// reportConn plays a HID device: each Read returns the next report.
type reportConn struct{ reports chan []byte }

func (c *reportConn) Read(b []byte) (int, error) {
	r, ok := <-c.reports
	if !ok {
		return 0, io.EOF
	}
	return copy(b, r), nil
}
func (c *reportConn) Write(b []byte) (int, error) { return len(b), nil }
func (c *reportConn) Close() error                { return nil }

type reportDialer struct{ c *reportConn }

func (d reportDialer) Dial(context.Context) (transport.Conn, error) { return d.c, nil }
func (d reportDialer) String() string                               { return "hid test" }

func TestHIDPOSScanner(t *testing.T) {
	l := layout()
	rc := &reportConn{reports: make(chan []byte, 4)}
	s, _ := New(Config{Dialer: reportDialer{rc}, HIDPOS: &l, RetryEvery: time.Hour})
	long := "0109506000134352" + "10" + "ABCDEFGHIJKLMNOPQRST" + "\x1d" + "21" + "SERIAL00000000000001" + "\x1d" + "3103000500"
	rc.reports <- report(long[:56], "]C1", true)
	rc.reports <- report(long[56:], "]C1", false)
	rc.reports <- report("4006381333931", "]E0", false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	events := make(chan Event, 4)
	go func() { _ = s.Run(ctx, func(e Event) { events <- e }) }()
	e := <-events
	if e.Err != nil || e.Scan.Symbology != scan.GS1128 || e.Scan.Serial != "SERIAL00000000000001" || e.Scan.NetWeightMG != 500_000 {
		t.Fatalf("first scan %+v", e)
	}
	e = <-events
	if e.Err != nil || e.Scan.GTIN != "04006381333931" {
		t.Fatalf("second scan %+v", e)
	}
}
