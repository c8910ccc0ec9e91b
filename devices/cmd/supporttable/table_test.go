package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/devices/profile"
)

var update = flag.Bool("update", false, "rewrite devices/SUPPORT.md")

// TestSupportTableUpToDate fails when devices/SUPPORT.md does not match
// firmware-profiles/; run `go test ./devices/cmd/supporttable -update` (or
// the go run command) to regenerate it.
func TestSupportTableUpToDate(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	cat, err := profile.LoadDir(filepath.Join(root, "firmware-profiles"))
	if err != nil {
		t.Fatal(err)
	}
	want := Markdown(cat)
	path := filepath.Join(root, "devices", "SUPPORT.md")
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(got) != want {
		t.Fatal("devices/SUPPORT.md is stale: go test ./devices/cmd/supporttable -update")
	}
	for _, p := range cat.Printers() {
		if !strings.Contains(want, "| `"+p.ID+"` |") {
			t.Errorf("printer %s missing from the table", p.ID)
		}
	}
}
