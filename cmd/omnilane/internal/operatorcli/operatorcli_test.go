package operatorcli_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/operatorcli"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func run(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := operatorcli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, quiet)
	return code, out.String(), errb.String()
}

// The first admin is created from the shell; the PIN comes from stdin.
func TestAddListUnlock(t *testing.T) {
	t.Setenv("OMNILANE_PIN", "")
	path := filepath.Join(t.TempDir(), "lane.db")
	db := []string{"-db", path, "-device", "lane-3"}
	if code, out, errs := run("24681357\n", append([]string{"add", "-id", "9100", "-name", "Marta Ruiz", "-role", "admin"}, db...)...); code != operatorcli.ExitOK || !strings.Contains(out, "added operator 9100") {
		t.Fatalf("add = %d %s%s", code, out, errs)
	}
	if code, _, errs := run("1234\n", append([]string{"add", "-id", "9100", "-name", "Again", "-role", "cashier"}, db...)...); code != operatorcli.ExitFailed || !strings.Contains(errs, "already in use") {
		t.Errorf("duplicate add = %d %s", code, errs)
	}
	if code, _, _ := run("12\n", append([]string{"add", "-id", "9101", "-name", "Short", "-role", "cashier"}, db...)...); code != operatorcli.ExitFailed {
		t.Errorf("short PIN accepted: %d", code)
	}
	if code, out, _ := run("", append([]string{"seed-demo"}, db...)...); code != operatorcli.ExitOK || !strings.Contains(out, "created 5 demo operators") {
		t.Errorf("seed-demo = %d %s", code, out)
	}
	code, out, _ := run("", append([]string{"list"}, db...)...)
	if code != operatorcli.ExitOK || !strings.Contains(out, "9100") || !strings.Contains(out, "supervisor") {
		t.Errorf("list = %d\n%s", code, out)
	}
	// Lock the new admin out, then lift it from the shell.
	ctx := context.Background()
	sdb, err := sqlite.Open(ctx, path, "lane-3", quiet)
	if err != nil {
		t.Fatal(err)
	}
	a := pos.NewAccess("lane-3", sdb, pos.SystemClock{}, nil, pos.AccessPolicy{}, quiet)
	for range 5 {
		a.SignIn(ctx, "9100", "00000000")
	}
	if _, err := a.SignIn(ctx, "9100", "24681357"); pos.ErrorCode(err) != pos.ELOCKED {
		t.Fatalf("not locked: %v", err)
	}
	sdb.Close()
	if code, out, errs := run("", append([]string{"unlock", "-id", "9100"}, db...)...); code != operatorcli.ExitOK {
		t.Fatalf("unlock = %d %s%s", code, out, errs)
	}
	sdb, _ = sqlite.Open(ctx, path, "lane-3", quiet)
	a = pos.NewAccess("lane-3", sdb, pos.SystemClock{}, nil, pos.AccessPolicy{}, quiet)
	if op, err := a.SignIn(ctx, "9100", "24681357"); err != nil || op.Role != pos.RoleAdmin {
		t.Fatalf("sign in after unlock = %+v, %v", op, err)
	}
	sdb.Close()
	if code, out, errs := run("", append([]string{"deactivate", "-id", "1001"}, db...)...); code != operatorcli.ExitOK {
		t.Fatalf("deactivate = %d %s%s", code, out, errs)
	}
	sdb, _ = sqlite.Open(ctx, path, "lane-3", quiet)
	defer sdb.Close()
	a = pos.NewAccess("lane-3", sdb, pos.SystemClock{}, nil, pos.AccessPolicy{}, quiet)
	if _, err := a.SignIn(ctx, "1001", "1234"); pos.ErrorCode(err) != pos.EBADCREDENTIAL {
		t.Errorf("deactivated demo cashier signed in: %v", err)
	}
	if n, err := sdb.VerifyJournal(ctx); err != nil || n < 10 {
		t.Errorf("journal = %d, %v", n, err)
	}
}
