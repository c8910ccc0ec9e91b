package profile

import (
	"fmt"
	"io/fs"
)

// Scale is a checkout scale profile from scales/*.json.
type Scale struct {
	ID     string `json:"-"`
	File   string `json:"-"`
	Name   string `json:"name"`
	Vendor string `json:"vendor"`
	// Notes say where the facts come from (the manual and its section).
	Notes string `json:"notes"`
	// Dialect is the protocol the profile's interface speaks:
	// "toledo-8213" or "nci" (see devices/scale).
	Dialect string `json:"dialect"`
	// Unit is "kg" or "lb"; Decimals places the point in weights sent
	// without one.
	Unit     string `json:"unit"`
	Decimals int    `json:"decimals"`
	// CapacityGrams is the model's maximum load.
	CapacityGrams int         `json:"capacityGrams"`
	Omnilane      DeviceBlock `json:"omnilane"`
}

func (c *Catalog) loadScales(fsys fs.FS) []error {
	var errs []error
	scales, e := loadKind(fsys, "scales", func(id, file string, s *Scale) { s.ID, s.File = id, file })
	errs = append(errs, e...)
	for id, s := range scales {
		bad := func(field, format string, args ...any) {
			errs = append(errs, &FieldError{File: s.File, Field: field, Err: fmt.Errorf(format, args...)})
		}
		if s.Name == "" {
			bad("name", "missing")
		}
		if s.Vendor == "" {
			bad("vendor", "missing")
		}
		if s.Notes == "" {
			bad("notes", "missing (say which manual the protocol facts come from)")
		}
		switch s.Dialect {
		case "toledo-8213", "nci":
		default:
			bad("dialect", "want \"toledo-8213\" or \"nci\", got %q", s.Dialect)
		}
		switch s.Unit {
		case "kg", "lb":
		default:
			bad("unit", "want \"kg\" or \"lb\", got %q", s.Unit)
		}
		if s.Decimals < 0 || s.Decimals > 4 {
			bad("decimals", "must be 0-4, got %d", s.Decimals)
		}
		if s.CapacityGrams <= 0 || s.CapacityGrams > 300000 {
			bad("capacityGrams", "must be 1-300000, got %d", s.CapacityGrams)
		}
		validateBlock(s.File, s.Omnilane, bad)
		if s.Omnilane.Serial == nil {
			bad("omnilane.serial", "missing (scales are serial devices)")
		}
		c.scales[id] = s
	}
	return errs
}

// Scale returns the scale profile with the given id.
func (c *Catalog) Scale(id string) (*Scale, error) {
	if s, ok := c.scales[id]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("scale %q: %w", id, ErrNotFound)
}

// Scales returns every scale profile, sorted by id.
func (c *Catalog) Scales() []*Scale {
	return sorted(c.scales, func(s *Scale) string { return s.ID })
}
