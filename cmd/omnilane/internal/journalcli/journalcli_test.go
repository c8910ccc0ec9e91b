package journalcli_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/journalcli"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"

	_ "modernc.org/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// laneFile rings sales and cash movements on two days into a lane database
// and returns its path and the number of journal entries per day.
func laneFile(t *testing.T) (path string, day1, day2 int) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "lane.db")
	db, err := sqlite.Open(ctx, path, "lane-7", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, _ := pos.NormalizeGTIN("8410001000015")
	if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: []pos.Product{
		{SKU: "CAF", Name: "Café", Barcodes: []string{g}, Price: 349, Currency: "EUR", TaxRate: 1000}}}); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: "lane-7", Store: pos.StoreInfo{ID: "s1", Currency: pos.EUR, Lang: "es"},
		Access: pos.AccessPolicy{BcryptCost: 4}}, db, c, nil, quiet)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	sell := func() {
		if _, err := lane.Scan(ctx, "8410001000015"); err != nil {
			t.Fatal(err)
		}
		if _, err := lane.PayCash(ctx, 500); err != nil {
			t.Fatal(err)
		}
	}
	sell()
	sell()
	n1, _ := db.VerifyJournal(ctx)
	c.set(time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC))
	if _, err := lane.Access().SignInBadge(ctx, "DEMO-1001"); err != nil { // idled out overnight
		t.Fatal(err)
	}
	sell()
	if _, err := lane.Access().SignIn(ctx, "2001", "9999"); err != nil {
		t.Fatal(err)
	}
	if _, err := lane.Till().Close(ctx, pos.ClosingCount{Cash: pos.CashCount{Denominations: []pos.Denomination{{Value: 349, Count: 3}}}}, nil); err != nil {
		t.Fatal(err)
	}
	n, err := db.VerifyJournal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return path, int(n1), int(n - n1)
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = journalcli.Run(context.Background(), args, &out, &errb, quiet)
	return code, out.String(), errb.String()
}

func TestVerifyAndExport(t *testing.T) {
	path, day1, day2 := laneFile(t)
	code, out, errs := run("verify", "-db", path)
	if code != journalcli.ExitOK || !strings.Contains(out, "OK: journal of lane-7") {
		t.Fatalf("verify = %d\n%s%s", code, out, errs)
	}

	csvFile := filepath.Join(t.TempDir(), "day2.csv")
	code, _, errs = run("export", "-db", path, "-from", "2026-12-06", "-to", "2026-12-06", "-format", "csv", "-o", csvFile)
	if code != journalcli.ExitOK {
		t.Fatalf("export csv = %d: %s", code, errs)
	}
	f, _ := os.Open(csvFile)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != day2+1 || rows[0][1] != "seq" || rows[1][1] != strconv.Itoa(day1+1) || !strings.HasPrefix(rows[1][4], "2026-12-06") {
		t.Fatalf("CSV has %d rows (want %d + header); first %v", len(rows), day2, rows[:2])
	}
	if last := rows[len(rows)-1]; last[3] != pos.EventShiftClosed || !strings.Contains(last[7], `"kind":"Z"`) {
		t.Errorf("last CSV row %v", last)
	}

	code, out, errs = run("export", "-db", path, "-to", "2026-12-05", "-format", "jsonl")
	if code != journalcli.ExitOK || !strings.Contains(errs, "OK:") {
		t.Fatalf("export jsonl = %d: %s", code, errs)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	v := pos.ChainVerifier{DeviceID: "lane-7"}
	n := 0
	for sc.Scan() {
		var e pos.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		// An auditor can re-check the exported chain on their own.
		if err := v.Next(e); err != nil {
			t.Fatalf("exported entry: %v", err)
		}
		n++
	}
	if n != day1 {
		t.Errorf("JSON lines = %d, want %d entries of day 1", n, day1)
	}

	for _, bad := range [][]string{{}, {"frobnicate"}, {"verify", "-db", filepath.Join(t.TempDir(), "none.db")},
		{"export", "-db", path, "-from", "yesterday"}, {"export", "-db", path, "-format", "xml"}} {
		if code, _, _ := run(bad...); code != journalcli.ExitUsage {
			t.Errorf("%q = %d, want %d", bad, code, journalcli.ExitUsage)
		}
	}
}

// Editing, deleting or reordering one row of the SQLite file by hand is
// caught by verify, which names the entry and exits non-zero; so is
// cutting entries central already acknowledged off the end.
func TestVerifyNamesTampering(t *testing.T) {
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"edit", `UPDATE journal SET payload = replace(payload, '"total":349', '"total":1') WHERE seq = 9`, "seq 9: content does not match its hash (entry edited)"},
		{"edit-operator", `UPDATE journal SET operator = 'mallory' WHERE seq = 5`, "seq 5: content does not match"},
		{"delete", `DELETE FROM journal WHERE seq = 9`, "seq 9: entry 9 is missing"},
		{"reorder", `UPDATE journal SET seq = seq + 1000 WHERE seq = 10; UPDATE journal SET seq = 10 WHERE seq = 11; UPDATE journal SET seq = 11 WHERE seq = 1010`, "seq 10: prev_hash does not match"},
		{"cut-end", `INSERT INTO sync_state(key, value) VALUES ('acked_seq', (SELECT max(seq) FROM journal)); DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal)`, "missing from the end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _, _ := laneFile(t)
			sqldb, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			var payload string
			sqldb.QueryRow(`SELECT payload FROM journal WHERE seq = 9`).Scan(&payload)
			if tc.name == "edit" && !strings.Contains(payload, `"total":349`) {
				t.Fatalf("seq 9 is not the sale expected: %s", payload)
			}
			if _, err := sqldb.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			sqldb.Close()
			code, out, errs := run("verify", "-db", path)
			if code != journalcli.ExitBroken || !strings.Contains(out, "BROKEN") || !strings.Contains(out, tc.want) {
				t.Fatalf("verify after %s = %d\n%s%s\nwant %q", tc.name, code, out, errs, tc.want)
			}
			if !strings.Contains(out, "What to do") {
				t.Error("no instructions for staff")
			}
			// Export still writes what is there, and says the chain is broken.
			code, out, errs = run("export", "-db", path, "-format", "jsonl")
			if code != journalcli.ExitBroken || !strings.Contains(errs, "BROKEN") || strings.Count(out, "\n") < 10 {
				t.Errorf("export after %s = %d, %d lines\n%s", tc.name, code, strings.Count(out, "\n"), errs)
			}
		})
	}
}
