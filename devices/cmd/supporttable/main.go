// Command supporttable writes the device support table (devices/SUPPORT.md)
// from firmware-profiles/, so the README's device list never drifts from the
// profiles:
//
//	go run ./devices/cmd/supporttable -profiles firmware-profiles -out devices/SUPPORT.md
//
// A test in this package fails when devices/SUPPORT.md is stale.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/omnilane/omnilane/devices/profile"
)

func main() {
	dir := flag.String("profiles", "firmware-profiles", "firmware-profiles folder")
	out := flag.String("out", "devices/SUPPORT.md", "file to write")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "supporttable:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	cat, err := profile.LoadDir(dir)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(Markdown(cat)), 0o644)
}
