package central

import (
	"context"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Ingest stores a journal batch exactly once and returns the device's
// high-water mark. Entries central already holds are compared and skipped;
// new entries must continue the chain. On a conflict, gap or broken hash
// the good entries before the bad one are kept and the returned
// *protocol.Error carries the code, the bad seq and the AckedSeq.
func Ingest(ctx context.Context, st Storage, b protocol.JournalBatch) (protocol.JournalAck, error) {
	if err := b.Validate(); err != nil {
		return protocol.JournalAck{}, err
	}
	// The CPU work — hashing every entry and decoding its payload — is done
	// here, before the write transaction, so that lanes' batches are
	// verified in parallel and the transaction (one writer for SQLite, a
	// store's stock lock for PostgreSQL) only checks the link to the head.
	pre := precheck(b)
	ack := protocol.JournalAck{DeviceID: b.DeviceID}
	var reject *protocol.Error
	err := st.IngestTx(ctx, b.DeviceID, func(tx JournalTx) error {
		// Once started, a batch is applied whole even if the lane hangs up:
		// cancelling a statement could abort a transaction that other
		// lanes' batches share (group commit).
		ctx := context.WithoutCancel(ctx)
		reject = nil
		last, ok, err := tx.Last(ctx)
		if err != nil {
			return err
		}
		v := pos.ChainVerifier{DeviceID: b.DeviceID}
		head, headHash := int64(0), pos.GenesisHash
		if ok {
			v.Resume(last)
			head, headHash = last.Seq, last.Hash
			ack.AckedSeq, ack.AckedHash = last.Seq, last.Hash
		}
		if p, ok := tx.(BatchPreparer); ok {
			var fresh []PreparedEntry
			for i, e := range b.Entries {
				if e.Seq > head {
					fresh = append(fresh, PreparedEntry{Event: e, Sale: pre.payloads[i].saleOK(e), Return: pre.payloads[i].returnOK()})
				}
			}
			if err := p.Prepare(ctx, fresh); err != nil {
				return err
			}
		}
		g := newLedger(tx)
		for i, e := range b.Entries {
			if e.Seq <= head {
				if reject = compareHeld(ctx, tx, e, i < pre.good); reject != nil {
					break
				}
				continue
			}
			if e.Seq > head+1 {
				reject = &protocol.Error{Code: protocol.CodeChainGap, Seq: head + 1,
					Message: fmt.Sprintf("central holds %s up to seq %d; entry %d is missing", b.DeviceID, head, head+1)}
				break
			}
			if i < pre.good && e.PrevHash == headHash {
				// Hash, device and links within the batch were verified by
				// precheck; the link to the head is what was left.
				v.Resume(e)
			} else if err := v.Next(e); err != nil {
				reject = &protocol.Error{Code: protocol.CodeChainBroken, Seq: e.Seq, Message: err.Error()}
				break
			}
			if err := apply(ctx, g, e, &pre.payloads[i]); err != nil {
				return err
			}
			head, headHash = e.Seq, e.Hash
			ack.AckedSeq, ack.AckedHash = e.Seq, e.Hash
		}
		if err := g.flush(ctx); err != nil {
			return err
		}
		return g.book(ctx)
	})
	if err != nil {
		return protocol.JournalAck{}, fmt.Errorf("ingest %s: %w", b.DeviceID, err)
	}
	if reject != nil {
		reject.AckedSeq = ack.AckedSeq
		return ack, reject
	}
	return ack, nil
}

// compareHeld accepts e only if it is exactly the entry held at its seq;
// hashed is true when precheck already found e's hash right.
func compareHeld(ctx context.Context, tx JournalTx, e pos.Event, hashed bool) *protocol.Error {
	held, ok, err := tx.At(ctx, e.Seq)
	if err != nil {
		return &protocol.Error{Code: protocol.CodeInternal, Seq: e.Seq, Message: err.Error()}
	}
	if !ok {
		return &protocol.Error{Code: protocol.CodeInternal, Seq: e.Seq, Message: "entry below the head is missing at central"}
	}
	if e.Hash != held.Hash || e.PrevHash != held.PrevHash || !hashed && !hashRight(e) {
		return &protocol.Error{Code: protocol.CodeChainConflict, Seq: e.Seq,
			Message: fmt.Sprintf("entry %d differs from the entry central already holds at that seq", e.Seq)}
	}
	return nil
}

// apply stores a verified entry and projects what it means; p is its
// payload, decoded by precheck.
func apply(ctx context.Context, g *ledger, e pos.Event, p *payload) error {
	tx := g.tx
	if err := tx.Append(ctx, e); err != nil {
		return err
	}
	switch e.Type {
	case pos.EventSaleCompleted:
	case pos.EventLedgerCredited:
		g.books = append(g.books, ledgerMoves(e, p, false)...)
		return nil
	case pos.EventReturnCompleted:
		g.books = append(g.books, ledgerMoves(e, p, false)...)
		return projectReturn(ctx, g, e, p)
	case pos.EventPickupReleased:
		return projectRelease(ctx, g, e, p)
	case pos.EventPickupException:
		return projectPickupException(ctx, tx, e, p)
	default:
		return nil
	}
	s := p.sale
	if p.err != nil || s.ID == "" {
		detail := "sale payload has no id"
		if p.err != nil {
			detail = p.err.Error()
		}
		return tx.Exception(ctx, Exception{Kind: "bad_sale_payload", DeviceID: e.DeviceID, Seq: e.Seq, Detail: detail})
	}
	if s.DeviceID != e.DeviceID {
		return tx.Exception(ctx, Exception{Kind: "sale_device_mismatch", DeviceID: e.DeviceID, Seq: e.Seq, Ref: s.ID,
			Detail: fmt.Sprintf("sale names device %q", s.DeviceID)})
	}
	fresh, err := tx.ProjectSale(ctx, *s, e)
	if err != nil {
		return err
	}
	g.books = append(g.books, ledgerMoves(e, p, fresh)...)
	if !fresh {
		return tx.Exception(ctx, Exception{Kind: "duplicate_sale", DeviceID: e.DeviceID, Seq: e.Seq, Ref: s.ID,
			Detail: "a sale with this id is already recorded from another entry"})
	}
	return projectSaleLedger(ctx, g, *s, e)
}

// IsReject reports whether err is a batch rejection (chain or request error)
// rather than a failure of central.
func IsReject(err error) bool {
	var pe *protocol.Error
	return errors.As(err, &pe) && pe.Code != protocol.CodeInternal
}

// BatchPreparer is implemented by a JournalTx that wants to see a batch's
// entries past the head before they are verified and applied, to read and
// lock in bulk what applying them will ask for (both backends); entries
// that fail verification are then simply not applied.
type BatchPreparer interface {
	// Prepare is called once per IngestTx, after Last, with the batch's
	// entries past the head, in order.
	Prepare(ctx context.Context, entries []PreparedEntry) error
}

// PreparedEntry is an entry given to Prepare with its payload as central
// will project it.
type PreparedEntry struct {
	pos.Event
	// Sale is the sale a sale.completed entry records, or nil when the
	// entry is no sale central projects (unreadable, no id, another device's).
	Sale *pos.Sale
	// Return is the return a return.completed entry records, or nil.
	Return *pos.Return
}
