package i18n

import (
	"sort"
	"strings"
	"testing"
)

func TestEveryLanguageHasEveryKey(t *testing.T) {
	all := map[string]bool{}
	for _, lang := range Languages {
		for _, k := range Keys(lang) {
			all[k] = true
		}
	}
	for _, lang := range Languages {
		var missing []string
		for k := range all {
			if _, ok := tables[lang][k]; !ok {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d keys: %s", lang, len(missing), strings.Join(missing, ", "))
		}
	}
}

func TestPlaceholdersMatch(t *testing.T) {
	for k, e := range en {
		if s, ok := es[k]; ok && strings.Count(s, "%") != strings.Count(e, "%") {
			t.Errorf("key %q: es %q and en %q take different arguments", k, s, e)
		}
	}
}

func TestFallback(t *testing.T) {
	if got := T("fr", "pay.cash"); got != en["pay.cash"] {
		t.Errorf("unknown language: got %q, want the English %q", got, en["pay.cash"])
	}
	if got := T("es", "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: got %q", got)
	}
	if got := T("es", "err.not_found", "123"); got != "Producto no encontrado: 123" {
		t.Errorf("formatted: got %q", got)
	}
}
