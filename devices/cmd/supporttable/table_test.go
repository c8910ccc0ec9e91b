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

// The README's device support section is the same table, so the README a
// newcomer reads lists every profile and transport.
func TestREADMEDeviceTable(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	cat, err := profile.LoadDir(filepath.Join(root, "firmware-profiles"))
	if err != nil {
		t.Fatal(err)
	}
	table := Markdown(cat)
	if _, rest, ok := strings.Cut(table, "\n"); ok && strings.HasPrefix(table, "# ") {
		table = rest // the README gives the section its own heading
	}
	table = strings.ReplaceAll(table, "\n## ", "\n### ") // one level down in the README
	const begin, end = "<!-- device-support:begin -->\n", "<!-- device-support:end -->"
	path := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, after, ok := strings.Cut(string(readme), begin)
	if !ok {
		t.Fatal("README.md has no device support section markers")
	}
	_, after, ok = strings.Cut(after, end)
	if !ok {
		t.Fatal("README.md device support section is not closed")
	}
	want := before + begin + strings.TrimLeft(table, "\n") + end + after
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		readme = []byte(want)
	}
	if string(readme) != want {
		t.Fatal("README.md device support section is stale: go test ./devices/cmd/supporttable -update")
	}
}
