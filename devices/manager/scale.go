package manager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/transport"
)

// openScale creates the driver of a scale from its profile; a serial port
// takes the profile's line settings unless the configuration names a baud.
func (m *Manager) openScale(d DeviceConfig, dialer transport.Dialer, log *slog.Logger) (*scale.Scale, error) {
	if d.Profile == "" {
		return nil, errors.New("a scale needs a profile (firmware-profiles/scales) for its protocol")
	}
	p, err := m.cfg.Catalog.Scale(d.Profile)
	if err != nil {
		return nil, err
	}
	if s, ok := dialer.(transport.Serial); ok && p.Omnilane.Serial != nil {
		ps := p.Omnilane.Serial
		if d.Baud == 0 {
			s.Baud = ps.Baud
		}
		s.DataBits, s.StopBits = byte(ps.DataBits), byte(ps.StopBits)
		if ps.Parity != "" {
			s.Parity = ps.Parity[0]
		}
		dialer = s
	}
	return scale.New(scale.Config{Dialer: dialer, Dialect: scale.Dialect(p.Dialect), Unit: scale.Unit(p.Unit), Decimals: p.Decimals, Log: log})
}

// Scale returns the named scale driver.
func (m *Manager) Scale(name string) (*scale.Scale, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.scales[name]
	return s, ok
}

// watchScale asks the scale for its weight every HealthEvery: an answer
// means ready (a fault or zero error it reports means error), no answer
// absent, a garbled answer error.
func (m *Manager) watchScale(ctx context.Context, name string, s *scale.Scale) {
	m.setState(name, devices.StateConnecting, "")
	for {
		rctx, cancel := context.WithTimeout(ctx, m.cfg.HealthEvery)
		r, err := s.Read(rctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		switch c := scale.ConditionOf(r.Err()); {
		case errors.Is(err, scale.ErrGarbled):
			m.setState(name, devices.StateError, err.Error())
		case err != nil:
			m.setState(name, devices.StateAbsent, err.Error())
		case c == scale.CondFault || c == scale.CondZeroError:
			m.setState(name, devices.StateError, fmt.Sprint(r.Err()))
		default:
			m.setState(name, devices.StateReady, "")
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(m.cfg.HealthEvery):
		}
	}
}
