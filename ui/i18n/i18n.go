// Package i18n holds every word the Omnilane screens show, in Spanish and
// English, and the lookup that picks one.
package i18n

import "fmt"

// Languages the screens are translated into, in the order a chooser shows them.
var Languages = []string{"es", "en"}

// Default is the language used when none or an unknown one is asked for.
const Default = "es"

var tables = map[string]map[string]string{"es": es, "en": en}

// T returns the text for key in lang, formatted with args when there are any.
// A key missing in lang falls back to English, and a key missing everywhere
// is returned as itself so a gap is visible but never crashes a till.
func T(lang, key string, args ...any) string {
	s, ok := tables[lang][key]
	if !ok {
		s, ok = en[key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Known reports whether lang has a translation table.
func Known(lang string) bool {
	_, ok := tables[lang]
	return ok
}

// Keys returns every key of lang's table, for tests and tools.
func Keys(lang string) []string {
	out := make([]string, 0, len(tables[lang]))
	for k := range tables[lang] {
		out = append(out, k)
	}
	return out
}

// Normalize returns lang when it is translated, else Default.
func Normalize(lang string) string {
	if Known(lang) {
		return lang
	}
	return Default
}
