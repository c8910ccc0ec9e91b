package cardport_test

import (
	"flag"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/cardport"
)

func TestConfigFlags(t *testing.T) {
	var c cardport.Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	env := func(name, def string) string {
		if name == "TERMINAL_POI" {
			return "P400-1"
		}
		return def
	}
	c.Bind(fs, env)
	if err := fs.Parse([]string{"-terminal", "10.0.0.7:8443", "-card-offline", "-terminal-store-and-forward", "-card-offline-max", "3000", "-terminal-timeout", "90s"}); err != nil {
		t.Fatal(err)
	}
	if !c.Enabled() || c.POIID != "P400-1" || !c.Offline.Enabled || !c.Offline.Supported || c.Offline.MaxPerPayment != 3000 ||
		c.Offline.MaxTotal != 50000 || c.PayTimeout != 90*time.Second {
		t.Fatalf("%+v", c)
	}
}
