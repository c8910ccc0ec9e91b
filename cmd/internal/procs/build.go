package procs

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build compiles the module's commands (e.g. "./cmd/omnilane-central") into
// dir and returns the path of each binary, in order. moduleRoot is the
// folder holding go.mod.
func Build(ctx context.Context, moduleRoot, dir string, pkgs ...string) ([]string, error) {
	args := append([]string{"build", "-o", dir + string(filepath.Separator)}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = moduleRoot
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build %v: %w", pkgs, err)
	}
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		out[i] = filepath.Join(dir, filepath.Base(p))
	}
	return out, nil
}
