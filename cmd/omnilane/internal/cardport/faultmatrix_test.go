package cardport_test

// The fault matrix: pay and refund, each under every failure a lane meets
// (the line dropped before the terminal processed the request, dropped after
// it approved, a timeout, the lane process killed after the approval, the
// terminal restarting), run against the simulator as a separate process
// (cmd/omnilane-sim built into a temp dir). After each case the end state
// must be exactly one of "paid (refunded) once and recorded" or "not charged
// and the sale (refund) still open", and at the end the lane's reconciliation
// must agree with the terminal and with the simulator's own ledger file.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omnilane/omnilane/cmd/omnilane/internal/cardport"
	"github.com/omnilane/omnilane/devices/terminal/nexo"
	"github.com/omnilane/omnilane/devices/terminal/nexo/nexosim"
	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/pos/sqlite"
)

const (
	deviceID = "lane-1"
	poiID    = "SIM-POI-1"
)

// Amounts whose last two digits choose the simulator's scenario.
const (
	amtApprove    = 2000
	amtDecline    = 2091
	amtCancel     = 2092
	amtSlow       = 2093
	amtDropBefore = 2094
	amtDropAfter  = 2095
	amtCrash      = 2096
	amtHang       = 2097
	amtBig        = 9000 // approved; the sale refunds are taken from
	amtOffline    = 2098 // acquirer down: offline approval if allowed
	amtOfflineBig = 3098
)

var prices = []pos.Money{amtApprove, amtDecline, amtCancel, amtSlow, amtDropBefore, amtDropAfter, amtCrash, amtHang, amtBig, amtOffline, amtOfflineBig}

var cardCfg = pos.CardPayConfig{PayTimeout: 700 * time.Millisecond, StatusTimeout: time.Second,
	ResolveFor: 10 * time.Second, AbortAfter: 3 * time.Second, Poll: 100 * time.Millisecond}

// --- the simulator process ---

type simProc struct {
	t      *testing.T
	bin    string
	ledger string
	log    string
	addr   string
	cmd    *exec.Cmd
}

func buildSim(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "omnilane-sim")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/omnilane/omnilane/cmd/omnilane-sim").CombinedOutput()
	if err != nil {
		t.Fatalf("build omnilane-sim: %v\n%s", err, out)
	}
	return bin
}

func (s *simProc) start(addr string) {
	s.t.Helper()
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	var last error
	for try := 0; try < 20; try++ {
		cmd := exec.Command(s.bin, "terminal", "-listen", addr, "-ledger", s.ledger, "-poi", poiID,
			"-think", "20ms", "-slow", "1500ms", "-hang", "20s", "-downtime", "500ms")
		cmd.Stderr = logf
		out, err := cmd.StdoutPipe()
		if err != nil {
			s.t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			s.t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err == nil && strings.HasPrefix(line, "listening on ") {
			s.addr, s.cmd = strings.TrimSpace(strings.TrimPrefix(line, "listening on ")), cmd
			return
		}
		cmd.Wait()
		last = fmt.Errorf("start line %q: %v", line, err)
		time.Sleep(100 * time.Millisecond) // the port may still be held
	}
	s.t.Fatalf("simulator did not start: %v", last)
}

func (s *simProc) kill() {
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.cmd.Wait()
		s.cmd = nil
	}
}

// ledgerTxn returns the simulator's final record of a ServiceID.
func (s *simProc) ledgerTxn(serviceID string) (nexosim.Txn, bool) {
	s.t.Helper()
	final, err := nexosim.FinalLedger(s.ledger)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, tx := range final {
		if tx.SaleID == deviceID && tx.ServiceID == serviceID {
			return tx, true
		}
	}
	return nexosim.Txn{}, false
}

// --- the lane ---

type laneEnv struct {
	db    *sqlite.DB
	lane  *pos.Lane
	cards *pos.CardPayments
	logf  *os.File
}

func plu(p pos.Money) string { return strconv.FormatInt(int64(p), 10) }

func openLane(t testing.TB, dbPath, logPath, simAddr string, wrap func(pos.CardTerminal) pos.CardTerminal) *laneEnv {
	t.Helper()
	ctx := context.Background()
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(logf, nil))
	db, err := sqlite.Open(ctx, dbPath, deviceID, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ProductByCode(ctx, []string{plu(amtApprove)}); pos.IsNotFound(err) {
		var ps []pos.Product
		for _, p := range prices {
			ps = append(ps, pos.Product{SKU: "P" + plu(p), Name: "Artículo " + plu(p), Barcodes: []string{plu(p)}, Price: p, Currency: "EUR", TaxRate: 2100})
		}
		if err := db.ApplyCatalog(ctx, pos.CatalogDelta{Cursor: 1, Products: ps}); err != nil {
			t.Fatal(err)
		}
	}
	info := pos.StoreInfo{ID: "s1", Name: "Tienda Centro", Lang: "es", Currency: pos.EUR, Location: time.UTC}
	lane := pos.NewLane(pos.LaneConfig{DeviceID: deviceID, Store: info, Access: pos.AccessPolicy{BcryptCost: 4}}, db, pos.SystemClock{}, nil, log)
	if err := lane.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var term pos.CardTerminal = cardport.New(&nexo.Client{Addr: simAddr, SaleID: deviceID, POIID: poiID, DialTimeout: 300 * time.Millisecond})
	if wrap != nil {
		term = wrap(term)
	}
	cards := pos.NewCardPayments(term, db, pos.SystemClock{}, log, cardCfg)
	return &laneEnv{db: db, lane: lane, cards: cards, logf: logf}
}

func (e *laneEnv) close() {
	e.db.Close()
	e.logf.Close()
}

// signIn signs the demo cashier (or manager, for refunds) in with a shift open.
func (e *laneEnv) signIn(t testing.TB, manager bool) {
	t.Helper()
	ctx := context.Background()
	if err := e.lane.ReadyForDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if manager {
		if _, err := e.lane.Access().SignIn(ctx, "3001", "5555"); err != nil {
			t.Fatal(err)
		}
	}
}

// --- the helper process that is killed after an approval ---

// killAfterApproval announces an approval on stdout and then hangs, so the
// parent kills the process between the terminal's approval and the lane's
// recording of it.
type killAfterApproval struct{ pos.CardTerminal }

func (k killAfterApproval) hang(r pos.CardResult, err error) (pos.CardResult, error) {
	if err == nil && r.Outcome == pos.CardApproved {
		fmt.Printf("APPROVED %s\n", r.TerminalTxID)
		os.Stdout.Sync()
		select {}
	}
	return r, err
}

func (k killAfterApproval) Pay(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	return k.hang(k.CardTerminal.Pay(ctx, req))
}

func (k killAfterApproval) Refund(ctx context.Context, req pos.CardRequest) (pos.CardResult, error) {
	return k.hang(k.CardTerminal.Refund(ctx, req))
}

// TestLaneHelper is the lane process of the "lane killed" cases; it does
// nothing unless run by the fault matrix with OMNILANE_LANE_HELPER set.
func TestLaneHelper(t *testing.T) {
	mode := os.Getenv("OMNILANE_LANE_HELPER")
	if mode == "" {
		t.Skip("helper process only")
	}
	if strings.HasPrefix(mode, "split") {
		splitHelper(t, mode) // split_test.go
		return
	}
	e := openLane(t, os.Getenv("OMNILANE_DB"), os.Getenv("OMNILANE_LOG"), os.Getenv("OMNILANE_SIM"),
		func(c pos.CardTerminal) pos.CardTerminal { return killAfterApproval{c} })
	ctx := context.Background()
	amount, _ := strconv.ParseInt(os.Getenv("OMNILANE_AMOUNT"), 10, 64)
	switch mode {
	case "pay":
		e.signIn(t, false)
		if _, err := e.lane.Scan(ctx, plu(pos.Money(amount))); err != nil {
			t.Fatal(err)
		}
		_, err := e.lane.PayCard(ctx, e.cards)
		fmt.Printf("DONE %v\n", err)
	case "refund":
		e.signIn(t, true)
		_, err := e.lane.RefundCard(ctx, e.cards, os.Getenv("OMNILANE_SALE"), pos.Money(amount), nil)
		fmt.Printf("DONE %v\n", err)
	}
}

func runKilledLane(t *testing.T, env []string) {
	t.Helper()
	runLaneUntil(t, env, "APPROVED ")
}

// runLaneUntil runs the lane helper and kills it as soon as it prints a
// line starting with marker.
func runLaneUntil(t *testing.T, env []string, marker string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLaneHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	approved := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), marker) {
			approved = true
			break
		}
		if strings.HasPrefix(sc.Text(), "DONE ") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL) // a real kill, mid-payment
	go io.Copy(io.Discard, out)
	cmd.Wait()
	if !approved {
		t.Fatalf("the lane helper never printed %q; stderr:\n%s", marker, stderr.String())
	}
}

// --- the matrix ---

type outcome int

const (
	anyOutcome outcome = iota
	mustBeTaken
	mustBeOpen
)

type matrix struct {
	t      *testing.T
	sim    *simProc
	dir    string
	dbPath string
	logLn  string
	e      *laneEnv
}

func (m *matrix) reopen(manager bool) {
	if m.e != nil {
		m.e.close()
	}
	m.e = openLane(m.t, m.dbPath, m.logLn, m.sim.addr, nil)
	m.e.signIn(m.t, manager)
}

// lastRequest returns the newest card request of a kind.
func (m *matrix) lastRequest(t *testing.T, kind string) pos.CardPayment {
	t.Helper()
	all, err := m.e.db.AllCardPayments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Kind == kind {
			return all[i]
		}
	}
	t.Fatal("no card request recorded")
	return pos.CardPayment{}
}

func countCardSales(t *testing.T, db *sqlite.DB, txID string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM sale_tenders WHERE method = 'card' AND ref = ?`, txID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func countEvents(t *testing.T, db *sqlite.DB, typ, id string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM journal WHERE type = ? AND json_extract(payload, '$.id') = ?`, typ, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkPayment asserts the one allowed end state of the newest payment.
func (m *matrix) checkPayment(t *testing.T, amount pos.Money, want outcome) {
	t.Helper()
	ctx := context.Background()
	if open, _ := m.e.cards.Open(ctx); len(open) != 0 {
		t.Fatalf("%d card requests left unresolved: %+v", len(open), open)
	}
	p := m.lastRequest(t, pos.CardKindPayment)
	tx, seen := m.sim.ledgerTxn(p.Ref.ServiceID)
	charged := seen && tx.Approved()
	basket := m.e.lane.Basket()
	switch {
	case charged:
		// paid once and recorded
		if p.State != pos.CardRecorded || p.Result.TerminalTxID != tx.TxID {
			t.Fatalf("terminal charged %s but the lane has %s %q", tx.TxID, p.State, p.Result.TerminalTxID)
		}
		if n := countCardSales(t, m.e.db, tx.TxID); n != 1 {
			t.Fatalf("terminal transaction %s on %d sales", tx.TxID, n)
		}
		s, err := m.e.db.SaleByID(ctx, p.SaleID)
		if err != nil || s.Totals.Total != amount || len(s.Tenders) != 1 || s.Tenders[0].Amount != amount || tx.Minor != int64(amount) {
			t.Fatalf("sale %+v (%v) does not match the charge of %d", s, err, tx.Minor)
		}
		if n := countEvents(t, m.e.db, pos.EventCardPayment, p.ID); n != 1 {
			t.Fatalf("%d card.payment events", n)
		}
		if len(basket.Lines) != 0 {
			t.Fatalf("basket not cleared after the sale: %+v", basket.Lines)
		}
		slips, err := m.e.cards.CardSlips(ctx, s.ID)
		if err != nil || len(slips) != 1 {
			t.Fatalf("card slips %+v %v", slips, err)
		}
		r := pos.WithCustomerSlips(pos.Receipt{}, slips)
		if !strings.Contains(strings.Join(r.Footer, "\n"), "******") || len(pos.MerchantSlip(pos.StoreInfo{Name: "T"}, slips[0]).Meta) == 0 {
			t.Fatalf("terminal receipts missing: %+v", r.Footer)
		}
		if want == mustBeOpen {
			t.Fatalf("expected not charged, but the terminal charged %s", tx.TxID)
		}
	default:
		// not charged and the sale still open
		if p.State != pos.CardNotTaken {
			t.Fatalf("terminal did not charge but the lane has %s", p.State)
		}
		if p.SaleID != "" || countCardSales(t, m.e.db, p.Result.TerminalTxID) != 0 && p.Result.TerminalTxID != "" {
			t.Fatalf("a sale was recorded for an uncharged payment: %+v", p)
		}
		if basket.Totals.Total != amount {
			t.Fatalf("the sale is not open any more: basket %+v", basket)
		}
		if want == mustBeTaken {
			t.Fatalf("expected a charge, the terminal says %+v (seen %v)", tx, seen)
		}
		// Close the still open sale with cash so the next case starts empty.
		if _, err := m.e.lane.PayCash(ctx, amount); err != nil {
			t.Fatal(err)
		}
	}
}

func (m *matrix) checkRefund(t *testing.T, amount pos.Money, want outcome) {
	t.Helper()
	ctx := context.Background()
	if open, _ := m.e.cards.Open(ctx); len(open) != 0 {
		t.Fatalf("%d card requests left unresolved: %+v", len(open), open)
	}
	p := m.lastRequest(t, pos.CardKindRefund)
	tx, seen := m.sim.ledgerTxn(p.Ref.ServiceID)
	if p.Amount != amount {
		t.Fatalf("newest refund is of %d, want %d", p.Amount, amount)
	}
	switch {
	case seen && tx.Approved():
		if tx.PaymentType != nexo.PaymentRefund || tx.Minor != int64(amount) {
			t.Fatalf("ledger %+v", tx)
		}
		if p.State != pos.CardRecorded || p.Result.TerminalTxID != tx.TxID || p.Result.Amount != amount {
			t.Fatalf("terminal refunded %s but the lane has %+v", tx.TxID, p)
		}
		if n := countEvents(t, m.e.db, pos.EventCardRefund, p.ID); n != 1 {
			t.Fatalf("%d card.refund events", n)
		}
		if want == mustBeOpen {
			t.Fatalf("expected no refund, the terminal refunded %s", tx.TxID)
		}
	default:
		if p.State != pos.CardNotTaken || countEvents(t, m.e.db, pos.EventCardRefund, p.ID) != 0 {
			t.Fatalf("terminal did not refund but the lane has %+v", p)
		}
		if want == mustBeTaken {
			t.Fatalf("expected a refund, the terminal says %+v (seen %v)", tx, seen)
		}
	}
}

// waitLedger waits until the ledger holds an in-progress record for a new
// request (count grows past n).
func waitInProgress(t *testing.T, ledger string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		recs, _ := nexosim.ReadLedger(ledger)
		c := 0
		for _, r := range recs {
			if r.State == "in_progress" {
				c++
			}
		}
		if c > n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the terminal never started the request")
}

func inProgressCount(ledger string) int {
	recs, _ := nexosim.ReadLedger(ledger)
	c := 0
	for _, r := range recs {
		if r.State == "in_progress" {
			c++
		}
	}
	return c
}

func TestFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the simulator process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	sim := &simProc{t: t, bin: buildSim(t), ledger: filepath.Join(dir, "terminal.jsonl"), log: filepath.Join(dir, "terminal.log")}
	sim.start("127.0.0.1:0")
	defer func() { sim.kill() }()
	m := &matrix{t: t, sim: sim, dir: dir, dbPath: filepath.Join(dir, "lane.db"), logLn: filepath.Join(dir, "lane.log")}
	m.reopen(false)
	defer func() { m.e.close() }()

	pay := func(t *testing.T, amount pos.Money) error {
		if _, err := m.e.lane.Scan(ctx, plu(amount)); err != nil {
			t.Fatal(err)
		}
		_, err := m.e.lane.PayCard(ctx, m.e.cards)
		return err
	}

	// ---- pay ----
	t.Run("pay/approve", func(t *testing.T) {
		if err := pay(t, amtApprove); err != nil {
			t.Fatal(err)
		}
		m.checkPayment(t, amtApprove, mustBeTaken)
	})
	t.Run("pay/decline", func(t *testing.T) {
		if err := pay(t, amtDecline); pos.ErrorCode(err) != pos.ECARDDECLINED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtDecline, mustBeOpen)
	})
	t.Run("pay/customer-cancels", func(t *testing.T) {
		if err := pay(t, amtCancel); pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtCancel, mustBeOpen)
	})
	t.Run("pay/drop-before-send", func(t *testing.T) {
		if err := pay(t, amtDropBefore); pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtDropBefore, mustBeOpen)
	})
	t.Run("pay/terminal-unreachable", func(t *testing.T) {
		sim.kill()
		err := pay(t, amtApprove)
		sim.start(sim.addr)
		if pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtApprove, mustBeOpen)
	})
	t.Run("pay/drop-after-approval", func(t *testing.T) {
		if err := pay(t, amtDropAfter); err != nil {
			t.Fatal(err)
		}
		m.checkPayment(t, amtDropAfter, mustBeTaken)
	})
	t.Run("pay/timeout", func(t *testing.T) {
		if err := pay(t, amtSlow); err != nil {
			t.Fatal(err)
		}
		m.checkPayment(t, amtSlow, mustBeTaken)
	})
	t.Run("pay/hang-aborted", func(t *testing.T) {
		if err := pay(t, amtHang); pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtHang, mustBeOpen)
	})
	t.Run("pay/cashier-aborts", func(t *testing.T) {
		n := inProgressCount(sim.ledger)
		done := make(chan error)
		go func() {
			_, err := m.e.lane.Scan(ctx, plu(amtHang))
			if err == nil {
				_, err = m.e.lane.PayCard(ctx, m.e.cards)
			}
			done <- err
		}()
		waitInProgress(t, sim.ledger, n)
		if err := m.e.cards.Abort(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-done; pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtHang, mustBeOpen)
	})
	t.Run("pay/lane-killed-after-approval", func(t *testing.T) {
		m.e.close()
		runKilledLane(t, []string{"OMNILANE_LANE_HELPER=pay", "OMNILANE_DB=" + m.dbPath, "OMNILANE_LOG=" + m.logLn,
			"OMNILANE_SIM=" + sim.addr, "OMNILANE_AMOUNT=" + plu(amtApprove)})
		m.e = openLane(t, m.dbPath, m.logLn, sim.addr, nil)
		if open, _ := m.e.cards.Open(ctx); len(open) != 1 || open[0].State != pos.CardInFlight {
			t.Fatalf("the killed lane left %+v", open)
		}
		if _, err := m.e.lane.RecoverCardPayments(ctx, m.e.cards); err != nil {
			t.Fatal(err)
		}
		m.e.signIn(t, false)
		m.checkPayment(t, amtApprove, mustBeTaken)
	})
	t.Run("pay/terminal-restart-mid-payment", func(t *testing.T) {
		n := inProgressCount(sim.ledger)
		done := make(chan error)
		go func() {
			_, err := m.e.lane.Scan(ctx, plu(amtSlow))
			if err == nil {
				_, err = m.e.lane.PayCard(ctx, m.e.cards)
			}
			done <- err
		}()
		waitInProgress(t, sim.ledger, n)
		sim.kill()
		time.Sleep(300 * time.Millisecond)
		sim.start(sim.addr)
		if err := <-done; pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkPayment(t, amtSlow, mustBeOpen)
	})
	t.Run("pay/terminal-crash-after-approval", func(t *testing.T) {
		if err := pay(t, amtCrash); err != nil {
			t.Fatal(err)
		}
		m.checkPayment(t, amtCrash, mustBeTaken)
	})

	// ---- refund ----
	m.reopen(true)
	if err := pay(t, amtBig); err != nil {
		t.Fatal(err)
	}
	big := m.lastRequest(t, pos.CardKindPayment)
	refund := func(amount pos.Money) error {
		_, err := m.e.lane.RefundCard(ctx, m.e.cards, big.SaleID, amount, nil)
		return err
	}
	t.Run("refund/approve", func(t *testing.T) {
		if err := refund(amtApprove - 1000); err != nil {
			t.Fatal(err)
		}
		m.checkRefund(t, amtApprove-1000, mustBeTaken)
	})
	t.Run("refund/decline", func(t *testing.T) {
		if err := refund(amtDecline - 1000); pos.ErrorCode(err) != pos.ECARDDECLINED {
			t.Fatalf("got %v", err)
		}
		m.checkRefund(t, amtDecline-1000, mustBeOpen)
	})
	t.Run("refund/drop-before-send", func(t *testing.T) {
		if err := refund(amtDropBefore - 1000); pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkRefund(t, amtDropBefore-1000, mustBeOpen)
	})
	t.Run("refund/drop-after-approval", func(t *testing.T) {
		if err := refund(amtDropAfter - 1000); err != nil {
			t.Fatal(err)
		}
		m.checkRefund(t, amtDropAfter-1000, mustBeTaken)
	})
	t.Run("refund/timeout", func(t *testing.T) {
		if err := refund(amtSlow - 1000); err != nil {
			t.Fatal(err)
		}
		m.checkRefund(t, amtSlow-1000, mustBeTaken)
	})
	t.Run("refund/lane-killed-after-approval", func(t *testing.T) {
		m.e.close()
		runKilledLane(t, []string{"OMNILANE_LANE_HELPER=refund", "OMNILANE_DB=" + m.dbPath, "OMNILANE_LOG=" + m.logLn,
			"OMNILANE_SIM=" + sim.addr, "OMNILANE_AMOUNT=" + plu(amtApprove-1900), "OMNILANE_SALE=" + big.SaleID})
		m.e = openLane(t, m.dbPath, m.logLn, sim.addr, nil)
		if open, _ := m.e.cards.Open(ctx); len(open) != 1 || open[0].State != pos.CardInFlight || open[0].Kind != pos.CardKindRefund {
			t.Fatalf("the killed lane left %+v", open)
		}
		if _, err := m.e.lane.RecoverCardPayments(ctx, m.e.cards); err != nil {
			t.Fatal(err)
		}
		m.e.signIn(t, true)
		m.checkRefund(t, amtApprove-1900, mustBeTaken)
	})
	t.Run("refund/terminal-restart-mid-refund", func(t *testing.T) {
		n := inProgressCount(sim.ledger)
		done := make(chan error)
		go func() { done <- refund(amtSlow - 1900) }()
		waitInProgress(t, sim.ledger, n)
		sim.kill()
		time.Sleep(300 * time.Millisecond)
		sim.start(sim.addr)
		if err := <-done; pos.ErrorCode(err) != pos.ECARDCANCELLED {
			t.Fatalf("got %v", err)
		}
		m.checkRefund(t, amtSlow-1900, mustBeOpen)
	})
	t.Run("refund/terminal-crash-after-approval", func(t *testing.T) {
		if err := refund(amtCrash - 1900); err != nil {
			t.Fatal(err)
		}
		m.checkRefund(t, amtCrash-1900, mustBeTaken)
	})
	t.Run("refund/more-than-paid-refused", func(t *testing.T) {
		if err := refund(amtBig); pos.ErrorCode(err) != pos.EINVALID {
			t.Fatalf("got %v", err)
		}
	})

	// ---- reconciliation: lane, terminal and the simulator's ledger agree ----
	t.Run("reconciliation", func(t *testing.T) {
		final, err := nexosim.FinalLedger(sim.ledger)
		if err != nil {
			t.Fatal(err)
		}
		var ledgerPay, ledgerRefund pos.CardTotals
		ledgerTx := map[string]int64{}
		for _, tx := range final {
			if !tx.Approved() {
				continue
			}
			ledgerTx[tx.TxID] = tx.Minor
			if tx.PaymentType == nexo.PaymentRefund {
				ledgerRefund.Refunds++
				ledgerRefund.RefundsAmount += pos.Money(tx.Minor)
			} else {
				ledgerPay.Payments++
				ledgerPay.PaymentsAmount += pos.Money(tx.Minor)
			}
		}
		all, err := m.e.db.AllCardPayments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		laneTx := map[string]int64{}
		for _, p := range all {
			if p.State == pos.CardRecorded {
				if _, dup := laneTx[p.Result.TerminalTxID]; dup {
					t.Fatalf("terminal transaction %s recorded twice", p.Result.TerminalTxID)
				}
				laneTx[p.Result.TerminalTxID] = int64(p.Result.Amount)
			}
		}
		if fmt.Sprint(laneTx) != fmt.Sprint(ledgerTx) {
			t.Fatalf("lane recorded %v, terminal ledger approved %v", laneTx, ledgerTx)
		}
		rec, err := m.e.cards.Reconcile(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if !rec.Agree {
			t.Fatalf("reconciliation disagrees: %v", rec.Differences)
		}
		if len(rec.Terminal) != 1 || rec.Terminal[0].Payments != ledgerPay.Payments || rec.Terminal[0].PaymentsAmount != ledgerPay.PaymentsAmount ||
			rec.Terminal[0].Refunds != ledgerRefund.Refunds || rec.Terminal[0].RefundsAmount != ledgerRefund.RefundsAmount {
			t.Fatalf("terminal totals %+v, ledger %+v %+v", rec.Terminal, ledgerPay, ledgerRefund)
		}
		t.Logf("reconciled: %d payments for %d, %d refunds for %d", ledgerPay.Payments, ledgerPay.PaymentsAmount, ledgerRefund.Refunds, ledgerRefund.RefundsAmount)
		// The period is closed at both ends: the next report starts at zero.
		rec, err = m.e.cards.Reconcile(ctx, false)
		if err != nil || !rec.Agree || rec.Terminal[0].Payments != 0 {
			t.Fatalf("after close: %+v %v", rec, err)
		}
		if n, err := m.e.db.VerifyJournal(ctx); err != nil {
			t.Fatalf("journal after %d entries: %v", n, err)
		}
	})

	// ---- no card number anywhere ----
	t.Run("no-card-numbers", func(t *testing.T) {
		m.e.close()
		m.e = openLane(t, m.dbPath, m.logLn, sim.addr, nil)
		files := []string{m.dbPath, m.dbPath + "-wal", m.logLn, sim.log, sim.ledger}
		scanned, masked := 0, 0
		for _, f := range files {
			b, err := os.ReadFile(f)
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			scanned += len(b)
			masked += strings.Count(string(b), "******")
			if runs := cardNumbers(b); len(runs) > 0 {
				t.Errorf("%s holds card-number-like digit runs: %q", filepath.Base(f), runs)
			}
		}
		if scanned == 0 || masked == 0 {
			t.Fatalf("nothing to scan: %d bytes, %d masked card numbers", scanned, masked)
		}
	})
}
