package printer

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/devicetest"
	"github.com/omnilane/omnilane/devices/escpos"
	"github.com/omnilane/omnilane/devices/sim/printersim"
	"github.com/omnilane/omnilane/devices/transport"
)

var update = flag.Bool("update", false, "re-record testdata scripts against the simulator")

func shortJob() *escpos.Document {
	return (&escpos.Document{}).Columns("Niño: café", "1,50 €", escpos.Style{}).Cut()
}

// TestPlaybackRecordedSession replays a recorded print session (status, job,
// status confirmation, then a paper-out refusal) byte for byte, with
// automatic status back on (the paper-out packet arrives unasked). Run with
// -update to re-record it against the simulator, then check that each reply
// sits under the request that caused it: the background reader can read a
// fast reply before the recorder has filed the request that caused it.
func TestPlaybackRecordedSession(t *testing.T) {
	path := filepath.Join("testdata", "print-then-paper-out.json")
	p := prof(t, "TM-T88V")
	session := func(d transport.Dialer, setMode func(printersim.Mode)) {
		t.Helper()
		pr, err := New(Config{Dialer: d, Profile: p, Log: testLog(t)})
		if err != nil {
			t.Fatal(err)
		}
		defer pr.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := pr.Print(ctx, shortJob()); err != nil {
			t.Fatal(err)
		}
		setMode(printersim.PaperOut)
		if err := pr.Print(ctx, shortJob()); !errors.Is(err, escpos.ErrPaperOut) {
			t.Fatalf("second print: %v", err)
		}
		if st, _ := pr.LastStatus(); !st.PaperOut {
			t.Fatalf("LastStatus after paper out: %v", st)
		}
	}
	if *update {
		sim, addr, _ := startSim(t, "127.0.0.1:0", printersim.Config{Profile: p})
		rec := devicetest.NewRecorder(transport.TCP{Addr: addr})
		session(rec, sim.SetMode)
		s := rec.Script()
		s.Note = "printer.Print twice against omnilane-sim printer (TM-T88V); paper out before the second job"
		if err := s.Save(path); err != nil {
			t.Fatal(err)
		}
	}
	s, err := devicetest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	pb := devicetest.NewPlayback(t, s)
	session(pb, func(printersim.Mode) {})
}
