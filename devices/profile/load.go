package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// ErrNotFound is returned when a profile id is not in the catalog.
var ErrNotFound = errors.New("profile not found")

// EncodingFile is where the code-page table lives inside the profile tree.
const EncodingFile = "codepages/encoding.json"

// Catalog holds every resolved profile of a profile tree.
type Catalog struct {
	printers  map[string]*Printer
	displays  map[string]*Display
	scanners  map[string]*Scanner
	terminals map[string]*Terminal
	scales    map[string]*Scale
	encodings map[string]Encoding
}

// LoadDir loads the profile tree rooted at dir (the firmware-profiles folder).
func LoadDir(dir string) (*Catalog, error) { return Load(os.DirFS(dir)) }

// Load reads printers/*.json, codepages/encoding.json and (when present)
// displays/, scanners/, terminals/ and scales/*.json from fsys, resolves printer
// inheritance and validates every file. The error lists every problem found,
// each a *FieldError naming the file and field.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		printers: map[string]*Printer{}, displays: map[string]*Display{}, scanners: map[string]*Scanner{},
		terminals: map[string]*Terminal{}, scales: map[string]*Scale{}, encodings: map[string]Encoding{},
	}
	var errs []error
	charsets, err := c.loadEncodings(fsys)
	if err != nil {
		return nil, err
	}
	raws, broken, errs := loadRawPrinters(fsys)
	for id := range raws {
		if broken[id] {
			continue
		}
		p, err := resolve(id, raws, broken)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := validatePrinter(p, c.encodings, charsets); err != nil {
			errs = append(errs, err...)
			continue
		}
		c.printers[id] = p
	}
	errs = append(errs, c.loadOthers(fsys, charsets)...)
	errs = append(errs, c.loadScales(fsys)...)
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, errors.Join(errs...)
	}
	return c, nil
}

func (c *Catalog) loadEncodings(fsys fs.FS) (map[string]*Charset, error) {
	b, err := fs.ReadFile(fsys, EncodingFile)
	if err != nil {
		return nil, &FieldError{File: EncodingFile, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c.encodings); err != nil {
		return nil, &FieldError{File: EncodingFile, Err: err}
	}
	charsets := map[string]*Charset{}
	for name, e := range c.encodings {
		if e.Data == nil {
			continue
		}
		cs, err := newCharset(name, e)
		if err != nil {
			return nil, &FieldError{File: EncodingFile, Field: name, Err: err}
		}
		charsets[name] = cs
	}
	return charsets, nil
}

type rawPrinter struct {
	file   string
	fields map[string]json.RawMessage
}

// knownField reports whether k is a printer profile field.
func knownField(k string) bool {
	switch k {
	case "name", "vendor", "inherits", "notes", "features", "colors", "fonts", "media", "codePages", "omnilane":
		return true
	}
	return false
}

// mergedFields are merged key by key over the parent's; others replace.
func mergedField(k string) bool { return k == "features" || k == "media" || k == "omnilane" }

// loadRawPrinters reads every file; broken holds ids whose own file is invalid
// (kept so that children report "parent is invalid" rather than "not found").
func loadRawPrinters(fsys fs.FS) (raws map[string]rawPrinter, broken map[string]bool, errs []error) {
	names, err := fs.Glob(fsys, "printers/*.json")
	if err != nil {
		return nil, nil, []error{fmt.Errorf("list printers: %w", err)}
	}
	if len(names) == 0 {
		return nil, nil, []error{&FieldError{File: "printers", Err: errors.New("no *.json profiles")}}
	}
	raws = map[string]rawPrinter{}
	broken = map[string]bool{}
	for _, name := range names {
		id := strings.TrimSuffix(path.Base(name), ".json")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, &FieldError{File: name, Err: err})
			broken[id] = true
			continue
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err != nil {
			errs = append(errs, &FieldError{File: name, Err: fmt.Errorf("not a JSON object: %w", err)})
			broken[id] = true
			continue
		}
		body, ok := top[id]
		if len(top) != 1 || !ok {
			errs = append(errs, &FieldError{File: name, Err: fmt.Errorf("want one top-level key %q (the file name), got %d keys", id, len(top))})
			broken[id] = true
			continue
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			errs = append(errs, &FieldError{File: name, Field: id, Err: fmt.Errorf("not an object: %w", err)})
			broken[id] = true
			continue
		}
		bad := false
		for k := range fields {
			if !knownField(k) {
				errs = append(errs, &FieldError{File: name, Field: k, Err: errors.New("unknown field")})
				bad = true
			}
		}
		// Decode this file's own fields strictly so that errors name this file.
		var p Printer
		for _, fe := range decodeFields(name, fields, &p) {
			errs = append(errs, fe)
			bad = true
		}
		raws[id] = rawPrinter{file: name, fields: fields}
		if bad {
			broken[id] = true
		}
	}
	return raws, broken, errs
}

// resolve merges id over its ancestors; seen detects cycles.
func resolve(id string, raws map[string]rawPrinter, broken map[string]bool) (*Printer, error) {
	merged, err := mergedRaw(id, raws, broken, nil)
	if err != nil {
		return nil, err
	}
	var p Printer
	if errs := decodeFields(raws[id].file, merged, &p); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.ID = id
	p.File = raws[id].file
	var own string
	if b, ok := raws[id].fields["inherits"]; ok {
		_ = json.Unmarshal(b, &own)
	}
	p.Inherits = own
	return &p, nil
}

func mergedRaw(id string, raws map[string]rawPrinter, broken map[string]bool, seen []string) (map[string]json.RawMessage, error) {
	r := raws[id]
	for _, s := range seen {
		if s == id {
			return nil, &FieldError{File: raws[seen[0]].file, Field: "inherits", Err: fmt.Errorf("inheritance cycle: %s -> %s", strings.Join(seen, " -> "), id)}
		}
	}
	seen = append(seen, id)
	out := map[string]json.RawMessage{}
	if b, ok := r.fields["inherits"]; ok {
		var parent string
		if err := json.Unmarshal(b, &parent); err != nil {
			return nil, &FieldError{File: r.file, Field: "inherits", Err: err}
		}
		if broken[parent] {
			return nil, &FieldError{File: r.file, Field: "inherits", Err: fmt.Errorf("parent %q is invalid", parent)}
		}
		if _, ok := raws[parent]; !ok {
			return nil, &FieldError{File: r.file, Field: "inherits", Err: fmt.Errorf("parent %q: %w", parent, ErrNotFound)}
		}
		pm, err := mergedRaw(parent, raws, broken, seen)
		if err != nil {
			return nil, err
		}
		for k, v := range pm {
			out[k] = v
		}
	}
	for k, v := range r.fields {
		if pv, ok := out[k]; ok && mergedField(k) {
			m, err := mergeObjects(pv, v)
			if err != nil {
				return nil, &FieldError{File: r.file, Field: k, Err: err}
			}
			out[k] = m
			continue
		}
		out[k] = v
	}
	return out, nil
}

func mergeObjects(parent, child json.RawMessage) (json.RawMessage, error) {
	var pm, cm map[string]json.RawMessage
	if err := json.Unmarshal(parent, &pm); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(child, &cm); err != nil {
		return nil, err
	}
	for k, v := range cm {
		pm[k] = v
	}
	return json.Marshal(pm)
}

// decodeFields decodes each field strictly, naming the field on error.
func decodeFields(file string, fields map[string]json.RawMessage, p *Printer) []error {
	var errs []error
	dec := func(field string, raw json.RawMessage, v any) {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			errs = append(errs, &FieldError{File: file, Field: field, Err: err})
		}
	}
	for k, raw := range fields {
		switch k {
		case "name":
			dec(k, raw, &p.Name)
		case "vendor":
			dec(k, raw, &p.Vendor)
		case "inherits":
			dec(k, raw, &p.Inherits)
		case "notes":
			dec(k, raw, &p.Notes)
		case "features":
			dec(k, raw, &p.Features)
		case "colors":
			dec(k, raw, &p.Colors)
		case "codePages":
			dec(k, raw, &p.CodePages)
		case "omnilane":
			dec(k, raw, &p.Omnilane)
		case "media":
			var m map[string]json.RawMessage
			dec(k, raw, &m)
			for mk, mv := range m {
				switch mk {
				case "width":
					dec("media.width", mv, &p.Media.Width)
				case "dpi":
					dec("media.dpi", mv, &p.Media.DPI)
				default:
					errs = append(errs, &FieldError{File: file, Field: "media." + mk, Err: errors.New("unknown field")})
				}
			}
		case "fonts":
			var m map[string]json.RawMessage
			dec(k, raw, &m)
			p.Fonts = map[string]Font{}
			for fk, fv := range m {
				var f Font
				dec("fonts."+fk, fv, &f)
				p.Fonts[fk] = f
			}
		}
	}
	return errs
}

func knownTransport(t string) bool { return t == "tcp" || t == "serial" || t == "usb" }

func validatePrinter(p *Printer, encs map[string]Encoding, charsets map[string]*Charset) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{File: p.File, Field: field, Err: fmt.Errorf(format, args...)})
	}
	if strings.TrimSpace(p.Name) == "" {
		bad("name", "missing")
	}
	if strings.TrimSpace(p.Vendor) == "" {
		bad("vendor", "missing")
	}
	for k, f := range p.Fonts {
		if n, err := strconv.Atoi(k); err != nil || n < 0 || n > 255 {
			bad("fonts."+k, "key must be a font number 0-255")
		}
		if n, known := f.Columns.Int(); known && (n <= 0 || float64(n) != f.Columns.Value) {
			bad("fonts."+k+".columns", "must be a positive integer, got %v", f.Columns)
		}
	}
	p.charsets = map[int]*Charset{}
	for k, name := range p.CodePages {
		n, err := strconv.Atoi(k)
		if err != nil || n < 0 || n > 255 {
			bad("codePages."+k, "key must be a code page number 0-255")
			continue
		}
		if name == "Unknown" {
			continue
		}
		if _, ok := encs[name]; !ok {
			bad("codePages."+k, "code page %q is not in %s", name, EncodingFile)
			continue
		}
		if cs, ok := charsets[name]; ok {
			p.charsets[n] = cs
		}
	}
	o := p.Omnilane
	switch o.CommandSet {
	case "", "escpos", "star":
	default:
		bad("omnilane.commandSet", "want \"escpos\" or \"star\", got %q", o.CommandSet)
	}
	if o.CommandSet == "" && p.Feature("starCommands") {
		// escpos-printer-db marks Star printers with the starCommands feature.
		p.Omnilane.CommandSet = "star"
	}
	for i, t := range o.Transports {
		if !knownTransport(t) {
			bad(fmt.Sprintf("omnilane.transports[%d]", i), "unknown transport %q (want tcp, serial or usb)", t)
		}
	}
	if o.TCPPort < 0 || o.TCPPort > 65535 {
		bad("omnilane.tcpPort", "out of range: %d", o.TCPPort)
	}
	if o.USB != nil {
		if _, _, err := o.USB.IDs(); err != nil {
			bad("omnilane.usb", "%v", err)
		}
	}
	return errs
}

// Printer returns the resolved profile with the given id (file name without
// .json, e.g. "TM-T88V"); the lookup also accepts the profile's display name.
func (c *Catalog) Printer(id string) (*Printer, error) {
	if p, ok := c.printers[id]; ok {
		return p, nil
	}
	var match []*Printer
	for _, p := range c.Printers() {
		if strings.EqualFold(p.Name, id) || strings.EqualFold(p.ID, id) {
			match = append(match, p)
		}
	}
	switch len(match) {
	case 1:
		return match[0], nil
	case 0:
		return nil, fmt.Errorf("printer %q: %w", id, ErrNotFound)
	}
	ids := make([]string, len(match))
	for i, p := range match {
		ids[i] = p.ID
	}
	return nil, fmt.Errorf("printer %q is ambiguous, use one of the ids %s: %w", id, strings.Join(ids, ", "), ErrNotFound)
}

// Printers returns every printer profile, sorted by id.
func (c *Catalog) Printers() []*Printer {
	out := make([]*Printer, 0, len(c.printers))
	for _, p := range c.printers {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Encoding returns the code-page table entry with the given name (e.g. "CP858").
func (c *Catalog) Encoding(name string) (Encoding, bool) {
	e, ok := c.encodings[name]
	return e, ok
}
