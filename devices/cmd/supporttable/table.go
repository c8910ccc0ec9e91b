package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/profile"
)

// Markdown renders the support table of every profile in cat.
func Markdown(cat *profile.Catalog) string {
	var b strings.Builder
	b.WriteString("# Device support\n\n")
	b.WriteString("Generated from `firmware-profiles/` by `go run ./devices/cmd/supporttable`; do not edit by hand.\n")
	b.WriteString("Printer data derives from escpos-printer-db (CC-BY-4.0, see `firmware-profiles/printers/NOTICE.md`).\n\n")

	ps := cat.Printers()
	fmt.Fprintf(&b, "## Receipt printers (%d profiles)\n\n", len(ps))
	b.WriteString("Transports are those the Omnilane driver offers for the profile (a given unit may lack Ethernet or USB); ")
	b.WriteString("real-time status (DLE EOT) and transports come from our `omnilane` block, inherited from `default` unless a profile says otherwise. ")
	b.WriteString("The text code page is the one the encoder selects for Spanish/Portuguese text with €.\n\n")
	b.WriteString("| profile | model | vendor | commands | transports | columns (font A) | text code page | QR | cut | drawer | real-time status | USB id |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, p := range ps {
		cols := "unknown (42 used)"
		if n, ok := p.Columns(0); ok {
			cols = fmt.Sprint(n)
		}
		cmd, drawer := "ESC/POS", drawerOf(p)
		if p.Star() {
			cmd, drawer = "Star Line mode", "BEL"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			p.ID, cell(p.Name), cell(p.Vendor), cmd, transportsOf(p.Omnilane.Transports), cols, textPage(p),
			yes(p.Feature("qrCode")), cutOf(p), drawer, yes(p.Omnilane.Status.RealTime), usbOf(p.Omnilane.USB))
	}

	ss := cat.Scanners()
	fmt.Fprintf(&b, "\n## Barcode scanners (%d profiles)\n\n", len(ss))
	b.WriteString("| profile | model | vendor | interfaces | serial | AIM ids | suffix |\n|---|---|---|---|---|---|---|\n")
	for _, s := range ss {
		var modes []string
		for m := range s.Interfaces {
			modes = append(modes, m)
		}
		sort.Strings(modes)
		ser := "—"
		if s.Serial != nil {
			ser = fmt.Sprintf("%d 8%s%d", s.Serial.Baud, def(s.Serial.Parity, "N"), max(1, s.Serial.StopBits))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %q |\n", s.ID, cell(s.Name), cell(s.Vendor), strings.Join(modes, ", "), ser, yes(s.AIM), s.Suffix)
	}

	ds := cat.Displays()
	fmt.Fprintf(&b, "\n## Customer displays (%d profiles)\n\n", len(ds))
	b.WriteString("| profile | model | vendor | size | transports | text code page |\n|---|---|---|---|---|---|\n")
	for _, d := range ds {
		page := "ASCII only"
		if n, cs := d.PreferredCharset(); cs != nil {
			page = fmt.Sprintf("%s (ESC t %d)", cs.Name, n)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d×%d | %s | %s |\n", d.ID, cell(d.Name), cell(d.Vendor), d.Columns, d.Rows, transportsOf(d.Omnilane.Transports), page)
	}

	ts := cat.Terminals()
	fmt.Fprintf(&b, "\n## Payment terminals (%d profiles)\n\n", len(ts))
	b.WriteString("| profile | name | vendor | protocol | transports |\n|---|---|---|---|---|\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", t.ID, cell(t.Name), cell(t.Vendor), t.Protocol, transportsOf(t.Omnilane.Transports))
	}

	scs := cat.Scales()
	fmt.Fprintf(&b, "\n## Scales (%d profiles)\n\n", len(scs))
	b.WriteString("Each profile's `notes` name the manual its protocol facts come from.\n\n")
	b.WriteString("| profile | model | vendor | protocol | unit | capacity | serial | transports |\n|---|---|---|---|---|---|---|---|\n")
	for _, s := range scs {
		ser := "—"
		if sr := s.Omnilane.Serial; sr != nil {
			bits := sr.DataBits
			if bits == 0 {
				bits = 8
			}
			ser = fmt.Sprintf("%d %d%s%d", sr.Baud, bits, def(sr.Parity, "N"), max(1, sr.StopBits))
		}
		proto := map[string]string{"toledo-8213": "Toledo 8213", "nci": "NCI"}[s.Dialect]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %g kg | %s | %s |\n", s.ID, cell(s.Name), cell(s.Vendor), proto, s.Unit,
			float64(s.CapacityGrams)/1000, ser, transportsOf(s.Omnilane.Transports))
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func def(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func transportsOf(ts []string) string {
	if len(ts) == 0 {
		return "—"
	}
	return strings.Join(ts, ", ")
}

func usbOf(u *profile.USBID) string {
	if u == nil {
		return "—"
	}
	return u.VendorID + ":" + u.ProductID
}

func cutOf(p *profile.Printer) string {
	switch {
	case p.Feature("paperPartCut") && p.Feature("paperFullCut"):
		return "full, partial"
	case p.Feature("paperPartCut"):
		return "partial"
	case p.Feature("paperFullCut"):
		return "full"
	}
	return "no (feeds out)"
}

func drawerOf(p *profile.Printer) string {
	switch {
	case p.Feature("pulseStandard"):
		return "ESC p"
	case p.Feature("pulseBel"):
		return "BEL"
	}
	return "no"
}

// textPage names the code page the encoder picks for Spanish/Portuguese text
// with the euro sign, by encoding a probe document.
func textPage(p *profile.Printer) string {
	b, err := escpos.Encode((&escpos.Document{}).Line("ñáéíóúüçãõ€"), p)
	if err != nil {
		return "error: " + err.Error()
	}
	res, err := escpos.Decode(b, p)
	if err != nil {
		return "error: " + err.Error()
	}
	var names []string
	for _, c := range res.Commands {
		if c.Kind == escpos.KindCodePage {
			if cs, ok := p.Charset(c.N); ok {
				names = append(names, cs.Name)
			}
		}
	}
	if len(names) == 0 {
		return "ASCII only"
	}
	s := strings.Join(names, " + ")
	if !strings.Contains(res.Text, "€") {
		s += " (no €)"
	}
	return s
}
