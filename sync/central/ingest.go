package central

import (
	"context"
	"encoding/json"
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
		head := int64(0)
		if ok {
			v.Resume(last)
			head = last.Seq
			ack.AckedSeq, ack.AckedHash = last.Seq, last.Hash
		}
		if p, ok := tx.(BatchPreparer); ok {
			var fresh []pos.Event
			for _, e := range b.Entries {
				if e.Seq > head {
					fresh = append(fresh, e)
				}
			}
			if err := p.Prepare(ctx, fresh); err != nil {
				return err
			}
		}
		for _, e := range b.Entries {
			if e.Seq <= head {
				if reject = compareHeld(ctx, tx, e); reject != nil {
					break
				}
				continue
			}
			if e.Seq > head+1 {
				reject = &protocol.Error{Code: protocol.CodeChainGap, Seq: head + 1,
					Message: fmt.Sprintf("central holds %s up to seq %d; entry %d is missing", b.DeviceID, head, head+1)}
				break
			}
			if err := v.Next(e); err != nil {
				reject = &protocol.Error{Code: protocol.CodeChainBroken, Seq: e.Seq, Message: err.Error()}
				break
			}
			if err := apply(ctx, tx, e); err != nil {
				return err
			}
			head = e.Seq
			ack.AckedSeq, ack.AckedHash = e.Seq, e.Hash
		}
		return nil
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

// compareHeld accepts e only if it is exactly the entry held at its seq.
func compareHeld(ctx context.Context, tx JournalTx, e pos.Event) *protocol.Error {
	held, ok, err := tx.At(ctx, e.Seq)
	if err != nil {
		return &protocol.Error{Code: protocol.CodeInternal, Seq: e.Seq, Message: err.Error()}
	}
	if !ok {
		return &protocol.Error{Code: protocol.CodeInternal, Seq: e.Seq, Message: "entry below the head is missing at central"}
	}
	if h, err := e.ComputeHash(); err != nil || h != e.Hash || e.Hash != held.Hash || e.PrevHash != held.PrevHash {
		return &protocol.Error{Code: protocol.CodeChainConflict, Seq: e.Seq,
			Message: fmt.Sprintf("entry %d differs from the entry central already holds at that seq", e.Seq)}
	}
	return nil
}

// apply stores a verified entry and projects what it means.
func apply(ctx context.Context, tx JournalTx, e pos.Event) error {
	if err := tx.Append(ctx, e); err != nil {
		return err
	}
	switch e.Type {
	case pos.EventSaleCompleted:
	case pos.EventReturnCompleted:
		return projectReturn(ctx, tx, e)
	case pos.EventPickupReleased:
		return projectRelease(ctx, tx, e)
	case pos.EventPickupException:
		return projectPickupException(ctx, tx, e)
	default:
		return nil
	}
	var s pos.Sale
	if err := json.Unmarshal(e.Payload, &s); err != nil || s.ID == "" {
		detail := "sale payload has no id"
		if err != nil {
			detail = err.Error()
		}
		return tx.Exception(ctx, Exception{Kind: "bad_sale_payload", DeviceID: e.DeviceID, Seq: e.Seq, Detail: detail})
	}
	if s.DeviceID != e.DeviceID {
		return tx.Exception(ctx, Exception{Kind: "sale_device_mismatch", DeviceID: e.DeviceID, Seq: e.Seq, Ref: s.ID,
			Detail: fmt.Sprintf("sale names device %q", s.DeviceID)})
	}
	fresh, err := tx.ProjectSale(ctx, s, e)
	if err != nil {
		return err
	}
	if !fresh {
		return tx.Exception(ctx, Exception{Kind: "duplicate_sale", DeviceID: e.DeviceID, Seq: e.Seq, Ref: s.ID,
			Detail: "a sale with this id is already recorded from another entry"})
	}
	return projectSaleLedger(ctx, tx, s, e)
}

// IsReject reports whether err is a batch rejection (chain or request error)
// rather than a failure of central.
func IsReject(err error) bool {
	var pe *protocol.Error
	return errors.As(err, &pe) && pe.Code != protocol.CodeInternal
}

// BatchPreparer is implemented by a JournalTx that wants to see a batch's
// entries past the head before they are verified and applied, to read and
// lock in bulk what applying them will ask for (pgstore); entries that
// fail verification are then simply not applied.
type BatchPreparer interface {
	// Prepare is called once per IngestTx, after Last, with the batch's
	// entries past the head, in order.
	Prepare(ctx context.Context, entries []pos.Event) error
}
