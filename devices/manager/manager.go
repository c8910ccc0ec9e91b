package manager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/display"
	"github.com/omnilane/omnilane/devices/printer"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/scan"
	"github.com/omnilane/omnilane/devices/scanner"
	"github.com/omnilane/omnilane/devices/transport"
)

// Config configures a Manager.
type Config struct {
	Devices []DeviceConfig
	Catalog *profile.Catalog
	Bus     *devices.Bus
	// ScanOptions parse scans (embedded price/weight rules…).
	ScanOptions scan.Options
	// HealthEvery is how often printers are polled and absent devices
	// retried; 0 means 5 s.
	HealthEvery time.Duration
	Now         func() time.Time
	Log         *slog.Logger
}

// Manager owns the lane's devices.
type Manager struct {
	cfg Config

	mu       sync.Mutex
	printers map[string]*printer.Printer
	displays map[string]*display.Display
	scanners map[string]*scanner.Scanner
	scales   map[string]*scale.Scale
	dialers  map[string]transport.Dialer
	classes  map[string]devices.Class
	states   map[string]devices.Event
	history  map[string][]devices.Event
	wg       sync.WaitGroup
}

// New returns a manager; Start opens the devices.
func New(cfg Config) (*Manager, error) {
	if cfg.Catalog == nil || cfg.Bus == nil {
		return nil, errors.New("manager: Catalog and Bus are required")
	}
	if cfg.HealthEvery == 0 {
		cfg.HealthEvery = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Manager{
		cfg: cfg, printers: map[string]*printer.Printer{}, displays: map[string]*display.Display{},
		scanners: map[string]*scanner.Scanner{}, scales: map[string]*scale.Scale{}, dialers: map[string]transport.Dialer{},
		classes: map[string]devices.Class{}, states: map[string]devices.Event{}, history: map[string][]devices.Event{},
	}, nil
}

// Start creates a driver for every configured device and starts watching
// them until ctx ends (then Wait returns). It never fails because a device
// is missing: that shows as an absent state event and is retried.
func (m *Manager) Start(ctx context.Context) Report {
	var r Report
	seen := map[string]bool{}
	for _, d := range m.cfg.Devices {
		e := Entry{Name: d.Name, Class: d.Class}
		if d.Name == "" || seen[d.Name] {
			e.Reason = "missing or duplicate name"
			r.Failed = append(r.Failed, e)
			continue
		}
		seen[d.Name] = true
		if d.Disabled {
			e.Reason = "disabled in configuration"
			r.Skipped = append(r.Skipped, e)
			continue
		}
		if err := m.open(ctx, d); err != nil {
			if errors.Is(err, errSkip) {
				e.Reason = err.Error()
				r.Skipped = append(r.Skipped, e)
				continue
			}
			e.Reason = err.Error()
			r.Failed = append(r.Failed, e)
			m.cfg.Log.Error("device failed", "device", d.Name, "err", err)
			continue
		}
		r.Loaded = append(r.Loaded, e)
	}
	for _, e := range r.Loaded {
		m.cfg.Log.Info("device loaded", "device", e.Name, "class", e.Class)
	}
	for _, e := range r.Skipped {
		m.cfg.Log.Info("device skipped", "device", e.Name, "class", e.Class, "reason", e.Reason)
	}
	return r
}

var errSkip = errors.New("not driven by the device manager")

func (m *Manager) open(ctx context.Context, d DeviceConfig) error {
	dialer, err := d.dialer()
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.dialers[d.Name] = dialer
	m.classes[d.Name] = d.Class
	m.mu.Unlock()
	log := m.cfg.Log.With("device", d.Name)
	switch d.Class {
	case devices.ClassPrinter:
		p, err := m.cfg.Catalog.Printer(d.Profile)
		if err != nil {
			return err
		}
		name := d.Name
		poke := make(chan struct{}, 1)
		pr, err := printer.New(printer.Config{Dialer: dialer, Profile: p, Log: log,
			// Automatic status back: paper out or cover open shows at once,
			// not at the next health poll.
			OnStatus: func(ev printer.StatusEvent) { m.printerStatus(name, ev, poke) }})
		if err != nil {
			return err
		}
		m.mu.Lock()
		m.printers[d.Name] = pr
		m.mu.Unlock()
		m.goWatch(ctx, func() { m.watchPrinter(ctx, d.Name, pr, poke) })
	case devices.ClassScanner:
		prefix, suffix := "", ""
		var layout *profile.HIDPOSLayout
		if d.Profile != "" {
			sp, err := m.cfg.Catalog.Scanner(d.Profile)
			if err != nil {
				return err
			}
			prefix, suffix, layout = sp.Prefix, sp.Suffix, sp.HIDPOS
			if d.Baud == 0 && sp.Serial != nil {
				if s, ok := dialer.(transport.Serial); ok {
					s.Baud = sp.Serial.Baud
					dialer = s
				}
			}
		}
		if d.Transport != "usb-hid" {
			layout = nil
		} else if layout == nil {
			return fmt.Errorf("usb-hid scanner needs a profile with a hidPos layout")
		}
		sc, err := scanner.New(scanner.Config{
			Dialer: dialer, Prefix: prefix, Suffix: suffix, HIDPOS: layout, Options: m.cfg.ScanOptions,
			RetryEvery: m.cfg.HealthEvery, Now: m.cfg.Now, Log: log,
			OnState: func(state string, err error) { m.scannerState(d.Name, state, err) },
		})
		if err != nil {
			return err
		}
		m.mu.Lock()
		m.scanners[d.Name] = sc
		m.mu.Unlock()
		m.goWatch(ctx, func() {
			_ = sc.Run(ctx, func(e scanner.Event) {
				m.cfg.Bus.Publish(devices.Event{Kind: devices.EventScan, Device: d.Name, Class: devices.ClassScanner,
					At: e.At, Scan: e.Scan, ScanRaw: e.Raw, ScanErr: e.Err})
			})
		})
	case devices.ClassDisplay:
		dp, err := m.cfg.Catalog.Display(d.Profile)
		if err != nil {
			return err
		}
		disp, err := display.New(display.Config{Dialer: dialer, Profile: dp, Log: log})
		if err != nil {
			return err
		}
		m.mu.Lock()
		m.displays[d.Name] = disp
		m.mu.Unlock()
		m.goWatch(ctx, func() { m.watchPresence(ctx, d.Name, dialer) })
	case devices.ClassScale:
		sc, err := m.openScale(d, dialer, log)
		if err != nil {
			return err
		}
		m.mu.Lock()
		m.scales[d.Name] = sc
		m.mu.Unlock()
		m.goWatch(ctx, func() { m.watchScale(ctx, d.Name, sc) })
	default:
		return fmt.Errorf("class %q: %w", d.Class, errSkip)
	}
	return nil
}

func (m *Manager) goWatch(ctx context.Context, f func()) {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		f()
	}()
}

// Wait waits for the watchers to stop after Start's ctx ended, then closes drivers.
func (m *Manager) Wait() {
	m.wg.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.printers {
		_ = p.Close()
	}
	for _, d := range m.displays {
		_ = d.Close()
	}
	for _, s := range m.scales {
		_ = s.Close()
	}
}

// Printer returns the named printer driver.
func (m *Manager) Printer(name string) (*printer.Printer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.printers[name]
	return p, ok
}

// Display returns the named display driver.
func (m *Manager) Display(name string) (*display.Display, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.displays[name]
	return d, ok
}

// State returns the last state event of the named device.
func (m *Manager) State(name string) (devices.Event, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.states[name]
	return e, ok
}

// historySize is how many state changes per device History keeps.
const historySize = 50

// History returns the device's last state changes, oldest first (its health
// over time: when it went absent, ran out of paper, came back).
func (m *Manager) History(name string) []devices.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]devices.Event(nil), m.history[name]...)
}

// setState publishes a state event when the state or reason changed.
func (m *Manager) setState(name string, st devices.State, reason string) {
	m.mu.Lock()
	prev, ok := m.states[name]
	if ok && prev.State == st && prev.Reason == reason {
		m.mu.Unlock()
		return
	}
	e := devices.Event{Kind: devices.EventState, Device: name, Class: m.classes[name], At: m.cfg.Now(), State: st, Reason: reason}
	m.states[name] = e
	h := append(m.history[name], e)
	if len(h) > historySize {
		h = h[len(h)-historySize:]
	}
	m.history[name] = h
	m.mu.Unlock()
	m.cfg.Log.Info("device state", "device", name, "state", st, "reason", reason)
	m.cfg.Bus.Publish(e)
}

func (m *Manager) watchPrinter(ctx context.Context, name string, pr *printer.Printer, poke <-chan struct{}) {
	m.setState(name, devices.StateConnecting, "")
	for {
		sctx, cancel := context.WithTimeout(ctx, m.cfg.HealthEvery)
		st, err := pr.Status(sctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			m.setState(name, devices.StateAbsent, err.Error())
		case !st.Ready():
			m.setState(name, devices.StateError, st.String())
		case !pr.ReportsStatus():
			m.setState(name, devices.StateReady, "reachable; this model reports no status")
		case st.PaperLow:
			m.setState(name, devices.StateReady, "paper low")
		default:
			m.setState(name, devices.StateReady, "")
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(m.cfg.HealthEvery):
		case <-poke: // the connection dropped: look again now (reconnects)
		}
	}
}

// printerStatus turns a status the printer sent by itself into the
// device's state.
func (m *Manager) printerStatus(name string, ev printer.StatusEvent, poke chan<- struct{}) {
	switch st := ev.Status; {
	case ev.Err != nil:
		// A lost connection or a garbled packet: ask the printer now, which
		// reconnects and turns automatic status back on again.
		select {
		case poke <- struct{}{}:
		default:
		}
	case !st.Ready():
		m.setState(name, devices.StateError, st.String())
	case st.PaperLow:
		m.setState(name, devices.StateReady, "paper low")
	default:
		m.setState(name, devices.StateReady, "")
	}
}

// watchPresence probes a device that has no status command by opening it.
func (m *Manager) watchPresence(ctx context.Context, name string, d transport.Dialer) {
	m.setState(name, devices.StateConnecting, "")
	for {
		c, err := d.Dial(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			m.setState(name, devices.StateAbsent, err.Error())
		} else {
			_ = c.Close()
			m.setState(name, devices.StateReady, "")
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(m.cfg.HealthEvery):
		}
	}
}

func (m *Manager) scannerState(name, state string, err error) {
	switch state {
	case "ready":
		m.setState(name, devices.StateReady, "")
	case "connecting":
		if e, ok := m.State(name); !ok || e.State != devices.StateAbsent {
			m.setState(name, devices.StateConnecting, "")
		}
	default:
		reason := ""
		if err != nil {
			reason = err.Error()
		}
		m.setState(name, devices.StateAbsent, reason)
	}
}
