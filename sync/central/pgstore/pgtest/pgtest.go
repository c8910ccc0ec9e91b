// Package pgtest starts a throwaway PostgreSQL server for tests: it finds
// the server binaries (Debian's postgresql package), runs initdb into a
// temporary folder and starts postgres on 127.0.0.1 with a free port, as an
// unprivileged user when the tests run as root (PostgreSQL refuses root).
//
// A test package shares one server per run:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
//	func TestX(t *testing.T) {
//		dsn := pgtest.NewDatabase(t) // a fresh, empty database; dropped after the test
//		…
//	}
//
// Environment:
//   - OMNILANE_PG_DSN: use this server instead of starting one (its role must
//     be allowed to CREATE DATABASE).
//   - OMNILANE_PG_BINDIR: the folder holding initdb and postgres.
//   - OMNILANE_PG_USER: the unprivileged user to run the server as when root
//     (default: postgres if it exists, else nobody).
//   - OMNILANE_PG_REQUIRED=1: fail, rather than skip, when no server can be had.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running throwaway PostgreSQL.
type Server struct {
	// DSN connects to the server's postgres database as its superuser.
	DSN string

	dir  string
	cmd  *exec.Cmd
	done chan error
	log  *lockedBuffer
}

// lockedBuffer collects the server's output while tests read it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.b.Bytes()...)
}

func (l *lockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// Unavailable is returned by Start when PostgreSQL cannot be started here;
// its message names what is missing.
type Unavailable struct{ Reason string }

// Error says PostgreSQL is unavailable and why.
func (u *Unavailable) Error() string { return "PostgreSQL unavailable: " + u.Reason }

// FindBinDir returns the folder holding initdb and postgres: OMNILANE_PG_BINDIR,
// the folder of initdb on PATH, or the newest /usr/lib/postgresql/*/bin.
func FindBinDir() (string, error) {
	if d := os.Getenv("OMNILANE_PG_BINDIR"); d != "" {
		if hasServer(d) {
			return d, nil
		}
		return "", &Unavailable{Reason: fmt.Sprintf("OMNILANE_PG_BINDIR=%s holds no initdb and postgres", d)}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && hasServer(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if hasServer(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if hasServer(d) {
			return d, nil
		}
	}
	return "", &Unavailable{Reason: "no initdb and postgres binaries on PATH or in /usr/lib/postgresql/*/bin " +
		"(install Debian's postgresql package: apt-get install postgresql, or set OMNILANE_PG_BINDIR or OMNILANE_PG_DSN)"}
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func hasServer(dir string) bool {
	for _, b := range []string{"initdb", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// runAs is the credential to run the server with: nil when not root.
func runAs() (*syscall.Credential, string, error) {
	if os.Geteuid() != 0 {
		return nil, "", nil
	}
	names := []string{"postgres", "nobody"}
	if n := os.Getenv("OMNILANE_PG_USER"); n != "" {
		names = []string{n}
	}
	for _, n := range names {
		u, err := user.Lookup(n)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, n, nil
	}
	return nil, "", &Unavailable{Reason: fmt.Sprintf("running as root and none of the users %v exists to run PostgreSQL as (PostgreSQL refuses to run as root; set OMNILANE_PG_USER)", names)}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Start runs initdb in a new temporary folder and starts postgres there,
// listening on 127.0.0.1 only. Stop it with Stop. Extra settings (name,
// value) are passed to postgres as -c name=value.
func Start(ctx context.Context, settings ...string) (*Server, error) {
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	cred, who, err := runAs()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "omnilane-pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: temporary folder: %w", err)
	}
	data := filepath.Join(dir, "data")
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pgtest: hand %s to %s: %w", dir, who, err)
		}
	}
	s := &Server{dir: dir, log: &lockedBuffer{}}
	fail := func(err error) (*Server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
		"--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	initdb.Dir = dir
	initdb.Env = env()
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(&Unavailable{Reason: fmt.Sprintf("initdb (%s, as %s) failed: %v: %s", bin, userName(who), err, lastLines(out, 8))})
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return fail(err)
		}
		args := []string{"-D", data, "-p", strconv.Itoa(port), "-k", dir,
			"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=128MB"}
		for i := 0; i+1 < len(settings); i += 2 {
			args = append(args, "-c", settings[i]+"="+settings[i+1])
		}
		s.log.Reset()
		cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
		cmd.Dir = dir
		cmd.Env = env()
		cmd.Stdout, cmd.Stderr = s.log, s.log
		// The server dies with the test binary, even on SIGKILL.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGTERM, Setpgid: true}
		if err := cmd.Start(); err != nil {
			return fail(&Unavailable{Reason: fmt.Sprintf("start postgres (%s): %v", bin, err)})
		}
		s.cmd, s.done = cmd, make(chan error, 1)
		go func() { s.done <- cmd.Wait() }()
		s.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
		if lastErr = s.waitReady(ctx, 30*time.Second); lastErr == nil {
			return s, nil
		}
		s.kill()
	}
	return fail(&Unavailable{Reason: fmt.Sprintf("postgres (%s, as %s) did not start: %v", bin, userName(who), lastErr)})
}

func userName(who string) string {
	if who == "" {
		return "the current user"
	}
	return who
}

// env is the server's environment: no PG* variables of the caller's leak in.
func env() []string {
	out := []string{"LANG=C", "LC_ALL=C", "TZ=UTC"}
	if p := os.Getenv("PATH"); p != "" {
		out = append(out, "PATH="+p)
	}
	return out
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

func (s *Server) waitReady(ctx context.Context, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("postgres exited (%v): %s", err, lastLines(s.log.Bytes(), 8))
		default:
		}
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		c, err := pgx.Connect(cctx, s.DSN)
		cancel()
		if err == nil {
			c.Close(context.Background())
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("no connection after %v: %w; log: %s", d, err, lastLines(s.log.Bytes(), 8))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// Stop shuts the server down and removes its folder.
func (s *Server) Stop() error {
	s.kill()
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("pgtest: remove %s: %w", s.dir, err)
	}
	return nil
}

// Log is what the server has written to its log so far.
func (s *Server) Log() string { return string(s.log.Bytes()) }

var dbSeq atomic.Int64

// CreateDatabase creates a new empty database on the server at dsn and
// returns its DSN and a function that drops it.
func CreateDatabase(ctx context.Context, dsn string) (string, func() error, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("pgtest: parse DSN: %w", err)
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", nil, fmt.Errorf("pgtest: connect: %w", err)
	}
	defer c.Close(context.Background())
	name := fmt.Sprintf("omnilane_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, dbSeq.Add(1))
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	u := cfg.ConnString()
	newDSN, err := replaceDatabase(u, name)
	if err != nil {
		return "", nil, err
	}
	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return fmt.Errorf("pgtest: connect to drop %s: %w", name, err)
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("pgtest: drop database %s: %w", name, err)
		}
		return nil
	}
	return newDSN, drop, nil
}

// replaceDatabase returns dsn naming database name instead.
func replaceDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		i := strings.Index(dsn, "://") + 3
		rest := dsn[i:]
		q := ""
		if j := strings.IndexByte(rest, '?'); j >= 0 {
			rest, q = rest[:j], rest[j:]
		}
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[:j]
		}
		return dsn[:i] + rest + "/" + name + q, nil
	}
	// key=value form: a later dbname wins.
	return dsn + " dbname=" + name, nil
}

// shared is the package run's server.
var shared struct {
	once sync.Once
	srv  *Server
	dsn  string
	err  error
}

// sharedDSN returns the DSN of the run's server, starting it on first use.
func sharedDSN() (string, error) {
	shared.once.Do(func() {
		if dsn := os.Getenv("OMNILANE_PG_DSN"); dsn != "" {
			shared.dsn = dsn
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		shared.srv, shared.err = Start(ctx)
		if shared.err == nil {
			shared.dsn = shared.srv.DSN
		}
	})
	return shared.dsn, shared.err
}

// Main runs the package's tests and stops the shared server afterwards; call
// it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.srv != nil {
		if err := shared.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	return code
}

// Required reports whether OMNILANE_PG_REQUIRED asks for failing rather
// than skipping when PostgreSQL cannot be had.
func Required() bool { return os.Getenv("OMNILANE_PG_REQUIRED") == "1" }

// NewDatabase returns the DSN of a fresh, empty database for one test: a
// new schema on the run's shared server (started on first use, see Main),
// named first in the DSN's search_path so everything the test creates lands
// there, and dropped when the test ends. (A schema is a hundred times
// quicker to make than a database; advisory locks are still shared
// server-wide, which only makes tests take turns.) When PostgreSQL cannot be
// started here the test is skipped with the reason (or fails, with
// OMNILANE_PG_REQUIRED=1).
func NewDatabase(t testing.TB) string {
	t.Helper()
	dsn, err := sharedDSN()
	if err != nil {
		var u *Unavailable
		if errors.As(err, &u) && !Required() {
			t.Skipf("skipping PostgreSQL test: %v", err)
		}
		t.Fatalf("PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name := fmt.Sprintf("omnilane_test_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := adminExec(ctx, dsn, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adminExec(ctx, dsn, "DROP SCHEMA IF EXISTS "+name+" CASCADE"); err != nil {
			t.Errorf("%v", err)
		}
	})
	return withParam(dsn, "search_path", name)
}

// NewRealDatabase is NewDatabase with a whole database of its own (CREATE
// DATABASE, about half a second), for tests that need one.
func NewRealDatabase(t testing.TB) string {
	t.Helper()
	dsn, err := sharedDSN()
	if err != nil {
		var u *Unavailable
		if errors.As(err, &u) && !Required() {
			t.Skipf("skipping PostgreSQL test: %v", err)
		}
		t.Fatalf("PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, drop, err := CreateDatabase(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("%v", err)
		}
	})
	return db
}

func adminExec(ctx context.Context, dsn, sql string) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("pgtest: connect: %w", err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgtest: %s: %w", sql, err)
	}
	return nil
}

// withParam adds a connection parameter to dsn (URL or key=value form).
func withParam(dsn, key, value string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
	}
	return dsn + " " + key + "=" + value
}

// ServerForTest starts a PostgreSQL server of the test's own, stopped when
// the test ends, and returns the DSN of its postgres database (with
// OMNILANE_PG_DSN set, a fresh database there instead). For packages
// without a TestMain calling Main; it skips like NewDatabase.
func ServerForTest(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv("OMNILANE_PG_DSN"); dsn != "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		db, drop, err := CreateDatabase(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := drop(); err != nil {
				t.Errorf("%v", err)
			}
		})
		return db
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := Start(ctx)
	if err != nil {
		var u *Unavailable
		if errors.As(err, &u) && !Required() {
			t.Skipf("skipping PostgreSQL test: %v", err)
		}
		t.Fatalf("PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("%v", err)
		}
	})
	return srv.DSN
}
