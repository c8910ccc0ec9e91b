package scan

import (
	"net/url"
	"strings"
)

// primaryKeys are the Digital Link primary-key AIs, each with the qualifiers
// that may follow it in the path.
func primaryKeys() map[string][]string {
	return map[string][]string{
		"01": {"22", "10", "21"}, "00": nil, "414": {"254"}, "8006": {"22", "10", "21"},
		"8013": nil, "8003": nil, "8004": nil, "253": nil, "255": nil, "401": nil, "402": nil, "417": nil,
	}
}

// aliases are the short names older Digital Link URIs use instead of AIs.
func aliases() map[string]string {
	return map[string]string{"gtin": "01", "cpv": "22", "lot": "10", "ser": "21", "exp": "17", "sscc": "00", "gln": "414"}
}

// IsDigitalLink reports whether s looks like a GS1 Digital Link URI: an
// http(s) URL whose path holds a primary-key AI and its value.
func IsDigitalLink(s string) bool {
	_, err := ParseDigitalLink(s)
	return err == nil
}

// ParseDigitalLink reads the GS1 elements of a Digital Link URI such as
// https://id.gs1.org/01/09506000134352/10/ABC123?17=270531&3103=000500.
// Any domain and path prefix are allowed; the AIs in the path (primary key,
// then qualifiers) come first, then numeric query parameters.
func ParseDigitalLink(s string) ([]Element, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errorf(s, ErrMalformed, "not an http(s) URL")
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	keys, alias := primaryKeys(), aliases()
	name := func(seg string) string {
		if a, ok := alias[seg]; ok {
			return a
		}
		return seg
	}
	start := -1
	for i := 0; i+1 < len(segs); i++ { // the primary key is the first AI segment with a value after it
		if _, ok := keys[name(segs[i])]; ok {
			start = i
			break
		}
	}
	if start < 0 {
		return nil, errorf(s, ErrUnsupported, "no GS1 primary key (such as /01/GTIN) in the path")
	}
	rest := segs[start:]
	if len(rest)%2 != 0 {
		return nil, errorf(s, ErrMalformed, "path AI %q has no value", rest[len(rest)-1])
	}
	var out []Element
	seen := map[string]bool{}
	add := func(ai, raw string, unescape func(string) (string, error)) error {
		v, err := unescape(raw)
		if err != nil {
			return errorf(s, ErrMalformed, "AI %s value %q is badly escaped", ai, raw)
		}
		if seen[ai] {
			return errorf(s, ErrMalformed, "AI %s appears twice", ai)
		}
		seen[ai] = true
		if ai == "01" && (len(v) == 8 || len(v) == 12 || len(v) == 13) && allDigits(v) {
			v = "000000"[:14-len(v)] + v // GTIN-8/12/13 in a Digital Link are padded to 14
		}
		spec, _ := lookupAI(ai)
		el, err := checkElement(s, ai, v, spec)
		if err != nil {
			return err
		}
		out = append(out, el)
		return nil
	}
	primary := name(rest[0])
	allowed := keys[primary]
	for i := 0; i < len(rest); i += 2 {
		ai := name(rest[i])
		if i > 0 && !contains(allowed, ai) {
			return nil, errorf(s, ErrMalformed, "path segment %q is not a qualifier of AI %s", rest[i], primary)
		}
		if err := add(ai, rest[i+1], url.PathUnescape); err != nil {
			return nil, err
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, errorf(s, ErrMalformed, "bad query string")
	}
	for _, k := range sortedKeys(q) {
		ai := name(k)
		if !allDigits(ai) || len(ai) < 2 || len(ai) > 4 || aiLength(ai[:2]) != len(ai) {
			continue // linkType and other non-AI parameters
		}
		if err := add(ai, q.Get(k), func(v string) (string, error) { return v, nil }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ { // insertion sort: a handful of keys
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
