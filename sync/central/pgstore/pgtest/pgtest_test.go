package pgtest_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestNewDatabase gets two fresh databases from the shared server and
// checks each answers and starts empty.
func TestNewDatabase(t *testing.T) {
	ctx := context.Background()
	for range 2 {
		dsn := pgtest.NewDatabase(t)
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("fresh database holds %d tables, %v", n, err)
		}
		if _, err := c.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
			t.Fatal(err)
		}
		c.Close(ctx)
	}
	dsn := pgtest.NewRealDatabase(t)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var name string
	if err := c.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil || name == "postgres" {
		t.Fatalf("NewRealDatabase gave %q, %v", name, err)
	}
}

// TestUnavailableNamesWhatIsMissing: a wrong bin folder is reported, not hidden.
func TestUnavailableNamesWhatIsMissing(t *testing.T) {
	t.Setenv("OMNILANE_PG_BINDIR", t.TempDir())
	_, err := pgtest.Start(context.Background())
	var u *pgtest.Unavailable
	if err == nil || !errors.As(err, &u) {
		t.Fatalf("Start with an empty bin folder: %v", err)
	}
}
