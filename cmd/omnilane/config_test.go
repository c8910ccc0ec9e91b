package main

import "testing"

func TestEmbeddedRulesFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		fail bool
	}{
		{"", 0, false},
		{"21:price:5:5, 22:weight:5:5", 2, false},
		{"21:price:5", 0, true},
		{"21:price:x:5", 0, true},
	} {
		c := config{EmbeddedRules: tc.in}
		rules, err := c.embeddedRules()
		if (err != nil) != tc.fail || len(rules) != tc.n {
			t.Errorf("%q: %d rules, err %v", tc.in, len(rules), err)
		}
	}
	c := config{EmbeddedRules: "22:weight:5:5"}
	rules, _ := c.embeddedRules()
	if rules[0].Prefix != "22" || rules[0].Kind != "weight" || rules[0].ItemDigits != 5 || rules[0].ValueDigits != 5 {
		t.Errorf("rule = %+v", rules[0])
	}
}
