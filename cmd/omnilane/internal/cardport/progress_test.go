package cardport_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// The lane sees the terminal's progress while a card payment runs: the
// simulator (a separate process) reports each step on the payment's
// connection and the driver hands them to the lane in order, with the
// outcome still taken from the terminal's answer.
func TestProgressFromTerminalProcess(t *testing.T) {
	dir := t.TempDir()
	sim := &simProc{t: t, bin: buildSim(t), ledger: filepath.Join(dir, "ledger.jsonl"), log: filepath.Join(dir, "sim.log")}
	sim.start("127.0.0.1:0")
	defer sim.kill()
	e := openLane(t, filepath.Join(dir, "lane.db"), filepath.Join(dir, "lane.log"), sim.addr, nil)
	defer e.close()
	e.signIn(t, true) // a manager, who may void what a decline left open
	for _, tc := range []struct {
		price pos.Money
		code  string
		want  []pos.CardStep
	}{
		{amtApprove, "", []pos.CardStep{pos.CardStepPresentCard, pos.CardStepEnterPIN, pos.CardStepProcessing, pos.CardStepRemoveCard, pos.CardStepApproved}},
		{amtDecline, pos.ECARDDECLINED, []pos.CardStep{pos.CardStepPresentCard, pos.CardStepEnterPIN, pos.CardStepProcessing, pos.CardStepRemoveCard, pos.CardStepDeclined}},
		{amtCancel, pos.ECARDCANCELLED, []pos.CardStep{pos.CardStepPresentCard, pos.CardStepCancelled}},
	} {
		b := e.lane.Basket()
		for _, l := range b.Lines {
			if l.Voided {
				continue
			}
			if err := e.lane.VoidLine(context.Background(), l.No); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.lane.Scan(context.Background(), plu(tc.price)); err != nil {
			t.Fatal(err)
		}
		var got []pos.CardStep
		var first string
		ctx := pos.WithCardProgress(context.Background(), func(p pos.CardProgress) {
			if len(got) == 0 {
				first = p.TerminalText
			}
			got = append(got, p.Step)
		})
		_, err := e.lane.PayCard(ctx, e.cards)
		if pos.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Fatalf("%d: %v", tc.price, err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%d: steps %v, want %v", tc.price, got, tc.want)
		}
		if first != "Insert, tap or swipe card" {
			t.Errorf("%d: terminal text %q", tc.price, first)
		}
	}
}
