package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/internal/procs"
)

// buildProcs builds cmds (package paths such as "./cmd/omnilane-sim") into a
// temporary folder for a test that runs them as processes. It returns a
// context cancelled after timeout or at the end of the test, the test's
// folder, the binaries in the order asked and a buffer for their output,
// which is logged if the test fails.
func buildProcs(t *testing.T, timeout time.Duration, cmds ...string) (context.Context, string, []string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	dir := t.TempDir()
	bins, err := procs.Build(ctx, "../..", filepath.Join(dir, "bin"), cmds...)
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("process output:\n%s", logs.String())
		}
	})
	return ctx, dir, bins, logs
}
