package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/omnilane/omnilane/devices"
	"github.com/omnilane/omnilane/devices/discovery"
	"github.com/omnilane/omnilane/devices/manager"
	"github.com/omnilane/omnilane/devices/profile"
	"github.com/omnilane/omnilane/devices/scan"
	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
	"github.com/omnilane/omnilane/pos"
)

// deviceConfigs reads the lane's devices: the -devices file (a JSON array of
// {name, class, profile, transport, address, baud}) plus the -printer
// shorthand for a receipt printer on TCP.
func (c *config) deviceConfigs() ([]manager.DeviceConfig, error) {
	var out []manager.DeviceConfig
	if c.Devices != "" {
		b, err := os.ReadFile(c.Devices)
		if err != nil {
			return nil, fmt.Errorf("-devices: %w", err)
		}
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, fmt.Errorf("-devices %s: %w", c.Devices, err)
		}
	}
	if c.Printer != "" {
		out = append(out, manager.DeviceConfig{Name: "receipt", Class: devices.ClassPrinter, Profile: c.PrinterProfile, Transport: "tcp", Address: c.Printer})
	}
	return out, nil
}

// startDevices opens the configured devices; a missing or broken one is
// reported and retried, never fatal.
func (s *system) startDevices(ctx context.Context) error {
	cfgs, err := s.cfg.deviceConfigs()
	if err != nil {
		return err
	}
	s.resolveAuto(ctx, cfgs)
	cat, err := profile.Load(firmwareprofiles.FS())
	if err != nil {
		return fmt.Errorf("firmware profiles: %w", err)
	}
	s.catalog = cat
	s.bus = devices.NewBus()
	s.devs, err = manager.New(manager.Config{Devices: cfgs, Catalog: cat, Bus: s.bus, Log: s.log,
		ScanOptions: scan.Options{CurrencyDigits: s.info.Currency.Digits}})
	if err != nil {
		return err
	}
	rep := s.devs.Start(ctx)
	for _, e := range rep.Failed {
		s.log.Error("device failed", "device", e.Name, "class", e.Class, "reason", e.Reason)
	}
	for _, c := range cfgs {
		switch c.Class {
		case devices.ClassPrinter:
			if p, ok := s.devs.Printer(c.Name); ok && s.printer == nil {
				s.printer, s.printerName = p, c.Profile+" "+c.Address
			}
		case devices.ClassDisplay:
			if d, ok := s.devs.Display(c.Name); ok && s.display == nil {
				s.display = d
			}
		case devices.ClassScale:
			if sc, ok := s.devs.Scale(c.Name); ok && s.scale == nil {
				s.scale = sc // the driver is a pos.Scale: Weigh, errors with a ScaleCondition
			}
		}
	}
	return nil
}

// scanCode is what the lane looks a device scan up by: the GTIN of a GS1
// element string or Digital Link, otherwise the data as read (the lane
// reads plain EAN/UPC, PLUs and price- or weight-embedded codes itself).
func scanCode(sc scan.Scan) string {
	if sc.GTIN != "" && (len(sc.Elements) > 0 || sc.DigitalLink) {
		return strings.TrimLeft(sc.GTIN, "0")
	}
	return sc.Data
}

// forwardScans hands every device scan to ring, until ctx ends.
func (s *system) forwardScans(ctx context.Context, ring func(code string)) {
	if s.bus == nil {
		return
	}
	events, stop := s.bus.Subscribe(64)
	go func() {
		defer stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-events:
				if e.Kind != devices.EventScan {
					continue
				}
				if e.ScanErr != nil {
					s.log.Warn("unreadable scan", "device", e.Device, "raw", e.ScanRaw, "err", e.ScanErr)
					continue
				}
				ring(scanCode(e.Scan))
			}
		}
	}()
}

// mirrorOnDisplay shows the last line and the total on the customer display
// while a basket is open.
func (s *system) mirrorOnDisplay(ctx context.Context, every time.Duration) {
	if s.display == nil {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		last := ""
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			lines := displayLines(s.lane.Basket(), s.info, s.display.Columns)
			key := strings.Join(lines, "\n")
			if key == last {
				continue
			}
			last = key
			dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			if err := s.display.Show(dctx, lines...); err != nil {
				s.log.Debug("customer display", "err", err)
				last = ""
			}
			cancel()
		}
	}()
}

// displayLines are the two lines of the pole display for a basket.
func displayLines(b pos.BasketView, info pos.StoreInfo, cols func(left, right string) string) []string {
	c := info.Currency
	m := func(v pos.Money) string { return c.Format(v, info.Lang) }
	if len(b.Lines) == 0 {
		if info.Lang == "en" {
			return []string{"Welcome", info.Name}
		}
		return []string{"Bienvenido", info.Name}
	}
	l := b.Lines[len(b.Lines)-1]
	name := l.Name
	if info.Lang == "en" && l.NameEN != "" {
		name = l.NameEN
	}
	first := cols(name, m(l.Net()))
	if l.Voided {
		first = cols("-"+name, "")
	}
	return []string{first, cols("TOTAL", m(b.Totals.Total))}
}

// autoWait is how long start-up browses DNS-SD for printers whose address
// is "auto".
const autoWait = 3 * time.Second

// resolveAuto gives each network printer configured with address "auto"
// the address of a printer that advertises raw printing
// (_pdl-datastream._tcp) on the LAN, one printer per device. One that none
// answers for keeps "auto" and is reported as failed with the reason.
func (s *system) resolveAuto(ctx context.Context, cfgs []manager.DeviceConfig) {
	var want []int
	for i, c := range cfgs {
		if c.Class == devices.ClassPrinter && c.Transport == "tcp" && c.Address == "auto" {
			want = append(want, i)
		}
	}
	if len(want) == 0 {
		return
	}
	bctx, cancel := context.WithTimeout(ctx, autoWait)
	defer cancel()
	var mu sync.Mutex
	seen := map[string]bool{}
	var found []discovery.Found
	_ = discovery.Browse(bctx, discovery.BrowseConfig{Services: []string{discovery.ServiceRawPrinter}}, func(f discovery.Found) {
		mu.Lock()
		defer mu.Unlock()
		if len(f.Addrs) > 0 && !seen[f.Addrs[0]] {
			seen[f.Addrs[0]] = true
			found = append(found, f)
			if len(found) >= len(want) {
				cancel()
			}
		}
	})
	mu.Lock()
	defer mu.Unlock()
	sort.Slice(found, func(i, j int) bool { return found[i].Instance < found[j].Instance })
	for k, i := range want {
		if k >= len(found) {
			s.log.Error("device failed", "device", cfgs[i].Name, "class", "printer",
				"reason", "address auto: no printer advertised _pdl-datastream._tcp on the LAN; set its address")
			continue
		}
		cfgs[i].Address = found[k].Addrs[0]
		s.log.Info("printer found by DNS-SD", "device", cfgs[i].Name, "instance", found[k].Instance, "address", cfgs[i].Address)
	}
}
