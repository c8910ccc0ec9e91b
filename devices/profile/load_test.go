package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	firmwareprofiles "github.com/omnilane/omnilane/firmware-profiles"
)

func TestLoadEveryProfileInFolder(t *testing.T) {
	dir := filepath.Join("..", "..", "firmware-profiles")
	files, err := filepath.Glob(filepath.Join(dir, "printers", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles found: %v", err)
	}
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if got := len(c.Printers()); got != len(files) {
		t.Fatalf("loaded %d printers, folder has %d files", got, len(files))
	}
	for _, p := range c.Printers() {
		if p.Name == "" || p.Vendor == "" {
			t.Errorf("%s: empty name/vendor", p.File)
		}
	}
	// The embedded copy is the same tree.
	e, err := Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatalf("Load(embedded): %v", err)
	}
	if len(e.Printers()) != len(files) {
		t.Fatalf("embedded has %d printers, folder %d", len(e.Printers()), len(files))
	}
}

func TestInheritance(t *testing.T) {
	c, err := Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id    string
		check func(*Printer) string
	}{
		{"TM-T88V", func(p *Printer) string {
			if p.Omnilane.TCPPort != 9100 || !p.Omnilane.Status.RealTime {
				return "omnilane block not inherited from default"
			}
			if v, pid, _ := p.Omnilane.USB.IDs(); v != 0x04b8 || pid != 0x0202 {
				return "usb ids"
			}
			if n, ok := p.Columns(0); !ok || n != 42 {
				return "font A columns"
			}
			if !p.Feature("qrCode") || p.Media.DPI.Value != 180 {
				return "features/media"
			}
			if _, ok := p.Charset(19); !ok {
				return "no CP858 table at 19"
			}
			return ""
		}},
		{"simple", func(p *Printer) string {
			if p.Feature("qrCode") || !p.Feature("pulseStandard") {
				return "features not merged key by key"
			}
			if len(p.CodePages) != 1 {
				return "codePages should replace the parent's"
			}
			if p.Omnilane.Status.RealTime || p.Omnilane.TCPPort != 9100 {
				return "omnilane not merged"
			}
			return ""
		}},
		{"TSP600", func(p *Printer) string {
			if !p.Star() || p.Inherits != "SP2000" {
				return "star command set not inherited"
			}
			return ""
		}},
		{"default", func(p *Printer) string {
			if p.Media.DPI.Known || p.Media.Width.MM.String() != "Unknown" {
				return "Unknown numbers"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, err := c.Printer(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(p); msg != "" {
				t.Error(msg)
			}
		})
	}
	if p, err := c.Printer("tm-t88v"); err != nil || p.ID != "TM-T88V" {
		t.Errorf("case-insensitive id: %v %v", p, err)
	}
	if _, err := c.Printer("RP-F10"); err == nil || !strings.Contains(err.Error(), "RP-F10-58mm, RP-F10-80mm") {
		t.Errorf("ambiguous display name: %v", err)
	}
	if _, err := c.Printer("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing printer: got %v", err)
	}
}

func TestLoadErrorsNameFileAndField(t *testing.T) {
	enc, err := os.ReadFile(filepath.Join("..", "..", "firmware-profiles", EncodingFile))
	if err != nil {
		t.Fatal(err)
	}
	base := `{"base": {"name": "Base", "vendor": "V", "codePages": {"0": "CP437"}}}`
	tests := []struct {
		name  string
		files map[string]string
		want  string // substring of the error
	}{
		{"cycle", map[string]string{
			"a": `{"a": {"name": "A", "vendor": "V", "inherits": "b"}}`,
			"b": `{"b": {"name": "B", "vendor": "V", "inherits": "a"}}`,
		}, "inheritance cycle"},
		{"unknown parent", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "inherits": "zz"}}`}, "printers/a.json: inherits: parent \"zz\""},
		{"bad number", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "fonts": {"0": {"name": "F", "columns": "lots"}}}}`}, "printers/a.json: fonts.0"},
		{"bad dpi", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "media": {"dpi": true}}}`}, "printers/a.json: media.dpi"},
		{"unknown field", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "colour": {}}}`}, "printers/a.json: colour: unknown field"},
		{"wrong key", map[string]string{"a": `{"b": {"name": "A", "vendor": "V"}}`}, "printers/a.json: want one top-level key \"a\""},
		{"bad code page", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "codePages": {"0": "CP9999"}}}`}, "printers/a.json: codePages.0: code page \"CP9999\""},
		{"bad transport", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "omnilane": {"transports": ["pigeon"]}}}`}, "printers/a.json: omnilane.transports[0]"},
		{"bad usb", map[string]string{"a": `{"a": {"name": "A", "vendor": "V", "omnilane": {"usb": {"vendorId": "epson", "productId": "0x1"}}}}`}, "printers/a.json: omnilane.usb"},
		{"missing name", map[string]string{"a": `{"a": {"vendor": "V", "inherits": "base"}}`, "base": `{"base": {"vendor": "V"}}`}, "name: missing"},
		{"not json", map[string]string{"a": `{`}, "printers/a.json: not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{EncodingFile: {Data: enc}, "printers/base.json": {Data: []byte(base)}}
			for id, body := range tt.files {
				fsys["printers/"+id+".json"] = &fstest.MapFile{Data: []byte(body)}
			}
			_, err := Load(fsys)
			if err == nil {
				t.Fatal("want error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
		})
	}
}

func TestCharsetRoundTrip(t *testing.T) {
	c, err := Load(firmwareprofiles.FS())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Printer("TM-T88V")
	tests := []struct {
		page int
		r    rune
		b    byte
	}{
		{19, '€', 0xD5}, {19, 'ñ', 0xA4}, {16, '€', 0x80}, {40, '€', 0xA4}, {0, 'ü', 0x81}, {2, 'ç', 0x87},
	}
	for _, tt := range tests {
		cs, ok := p.Charset(tt.page)
		if !ok {
			t.Fatalf("no charset %d", tt.page)
		}
		b, ok := cs.Encode(tt.r)
		if !ok || b != tt.b {
			t.Errorf("%s: Encode(%q) = %#x,%v want %#x", cs.Name, tt.r, b, ok, tt.b)
		}
		if r := cs.Decode(tt.b); r != tt.r {
			t.Errorf("%s: Decode(%#x) = %q want %q", cs.Name, tt.b, r, tt.r)
		}
	}
}

func TestOtherDeviceProfiles(t *testing.T) {
	c, err := LoadDir(filepath.Join("..", "..", "firmware-profiles"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []struct {
		dir string
		n   int
	}{{"displays", len(c.Displays())}, {"scanners", len(c.Scanners())}, {"terminals", len(c.Terminals())}, {"scales", len(c.Scales())}} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "firmware-profiles", kind.dir, "*.json"))
		if len(files) == 0 || len(files) != kind.n {
			t.Errorf("%s: %d files, %d loaded", kind.dir, len(files), kind.n)
		}
	}
	d, err := c.Display("epson-dm-d110")
	if err != nil {
		t.Fatal(err)
	}
	if n, cs := d.PreferredCharset(); n != 19 || cs.Name != "CP858" {
		t.Errorf("preferred charset %d %v", n, cs)
	}
	s, err := c.Scanner("generic-hid-pos")
	if err != nil || s.HIDPOS.DataAt != 2 {
		t.Fatalf("scanner %+v %v", s, err)
	}
}

func TestOtherProfileErrors(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("..", "..", "firmware-profiles", EncodingFile))
	if err != nil {
		t.Fatal(err)
	}
	printer := []byte(`{"p": {"name": "P", "vendor": "V"}}`)
	tests := []struct {
		name, file, body, want string
	}{
		{"display rows", "displays/d.json", `{"d": {"name": "D", "vendor": "V", "columns": 20, "rows": 9, "omnilane": {"transports": ["serial"]}}}`, "displays/d.json: rows: must be 1-4"},
		{"display bad baud", "displays/d.json", `{"d": {"name": "D", "vendor": "V", "columns": 20, "rows": 2, "omnilane": {"transports": ["serial"], "serial": {"baud": 1234}}}}`, "displays/d.json: omnilane.serial.baud"},
		{"display type", "displays/d.json", `{"d": {"name": "D", "vendor": "V", "columns": "twenty"}}`, "displays/d.json: columns"},
		{"scanner unknown field", "scanners/s.json", `{"s": {"name": "S", "vendor": "V", "sufix": "\r"}}`, "scanners/s.json: sufix"},
		{"scanner bad vid", "scanners/s.json", `{"s": {"name": "S", "vendor": "V", "suffix": "\r", "interfaces": {"keyboard": {"vendorId": "honeywell"}}}}`, "scanners/s.json: interfaces.keyboard.vendorId"},
		{"scanner hid layout", "scanners/s.json", `{"s": {"name": "S", "vendor": "V", "suffix": "\r", "interfaces": {"usb-hid-pos": {}}, "hidPos": {"reportLength": 8, "lengthAt": 1, "dataAt": 9, "symbologyAt": -1, "moreAt": -1}}}`, "scanners/s.json: hidPos.dataAt"},
		{"scanner serial missing", "scanners/s.json", `{"s": {"name": "S", "vendor": "V", "suffix": "\r", "interfaces": {"serial": {}}}}`, "scanners/s.json: serial: missing"},
		{"scale dialect", "scales/w.json", `{"w": {"name": "W", "vendor": "V", "notes": "manual", "dialect": "dibal", "unit": "kg", "capacityGrams": 15000, "omnilane": {"transports": ["serial"], "serial": {"baud": 9600}}}}`, "scales/w.json: dialect"},
		{"scale notes missing", "scales/w.json", `{"w": {"name": "W", "vendor": "V", "dialect": "nci", "unit": "kg", "capacityGrams": 15000, "omnilane": {"transports": ["serial"], "serial": {"baud": 9600}}}}`, "scales/w.json: notes"},
		{"scale unit", "scales/w.json", `{"w": {"name": "W", "vendor": "V", "notes": "m", "dialect": "nci", "unit": "oz", "capacityGrams": 15000, "omnilane": {"transports": ["serial"], "serial": {"baud": 9600}}}}`, "scales/w.json: unit"},
		{"terminal protocol", "terminals/t.json", `{"t": {"name": "T", "vendor": "V", "omnilane": {"transports": ["tcp"]}}}`, "terminals/t.json: protocol: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{EncodingFile: {Data: base}, "printers/p.json": {Data: printer}, tt.file: {Data: []byte(tt.body)}}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
