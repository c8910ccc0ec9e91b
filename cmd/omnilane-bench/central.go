package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/central/sqlitestore"
)

// benchImport: central's all-or-nothing CSV import of the sample catalog,
// beside the sqlite3 command line's `.import` of the same file into a plain
// table (no checks, no indexes) as the floor.
func benchImport(ctx context.Context, t *table, work string, n int, log *slog.Logger) error {
	csvPath := filepath.Join(work, "catalog.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := samplecatalog.WriteCSV(w, n); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Seek(0, 0); err != nil {
		f.Close()
		return err
	}
	defer f.Close()
	store, err := sqlitestore.Open(ctx, filepath.Join(work, "central.db"), pos.SystemClock{}, log)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(os.Stderr, "importing %d products at central…\n", n)
	s := time.Now()
	rep, err := catalogimport.Import(ctx, f, catalogimport.CSV, store)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	d := time.Since(s)
	if rep.Rows != n {
		return fmt.Errorf("import took %d rows of %d", rep.Rows, n)
	}
	rate := float64(n) / d.Seconds()
	floor := "sqlite3 not installed"
	if sq, err := exec.LookPath("sqlite3"); err == nil {
		fs := time.Now()
		cmd := exec.CommandContext(ctx, sq, filepath.Join(work, "floor-import.db"), ".mode csv", ".import "+csvPath+" catalog")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("sqlite3 .import: %v: %s", err, out)
		}
		floor = fmt.Sprintf("%.0f products/s sqlite3 .import", float64(n)/time.Since(fs).Seconds())
	}
	t.add("central import (CSV, checked, one transaction)", fmt.Sprintf("%.0f products/s", rate), floor, "≥ 50,000/s", rate >= 50_000)
	return nil
}
