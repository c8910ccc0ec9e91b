package central

import (
	"encoding/json"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/protocol"
)

// checked is what Ingest works out about a batch before its write
// transaction, where it costs no lock: which entries hash right and chain
// to each other, and their payloads decoded.
type checked struct {
	// good counts the leading entries that are each sealed right, belong
	// to the device and link to the entry before them in the batch (the
	// first one's link to the head is checked in the transaction).
	good int
	// payloads are the entries' payloads, decoded by type.
	payloads []payload
}

// payload is one entry's payload, decoded for the projection its type has.
type payload struct {
	sale    *pos.Sale
	ret     *pos.Return
	release *pos.PickupRelease
	pickupX *pos.PickupException
	credit  *pos.LedgerMovement
	// err is the decode error of a sale, return or release payload.
	err error
}

// precheck verifies b's entries among themselves and decodes their payloads.
func precheck(b protocol.JournalBatch) checked {
	c := checked{good: len(b.Entries), payloads: make([]payload, len(b.Entries))}
	if len(b.Entries) > 0 {
		v := pos.ChainVerifier{DeviceID: b.DeviceID}
		if first := b.Entries[0]; first.Seq > 1 {
			v.Resume(pos.Event{DeviceID: b.DeviceID, Seq: first.Seq - 1, Hash: first.PrevHash})
		}
		for i, e := range b.Entries {
			if v.Next(e) != nil {
				c.good = i
				break
			}
		}
	}
	for i, e := range b.Entries {
		c.payloads[i] = decodePayload(e)
	}
	return c
}

// decodePayload decodes the payload of the event types central projects.
func decodePayload(e pos.Event) payload {
	var p payload
	switch e.Type {
	case pos.EventSaleCompleted:
		p.sale = &pos.Sale{}
		p.err = json.Unmarshal(e.Payload, p.sale)
	case pos.EventReturnCompleted:
		p.ret = &pos.Return{}
		p.err = json.Unmarshal(e.Payload, p.ret)
	case pos.EventPickupReleased:
		p.release = &pos.PickupRelease{}
		p.err = json.Unmarshal(e.Payload, p.release)
	case pos.EventLedgerCredited:
		p.credit = &pos.LedgerMovement{}
		p.err = json.Unmarshal(e.Payload, p.credit)
	case pos.EventPickupException:
		p.pickupX = &pos.PickupException{}
		_ = json.Unmarshal(e.Payload, p.pickupX)
	}
	return p
}

// saleOK is the decoded sale when it is one central projects: readable,
// with an id, rung by e's device.
func (p *payload) saleOK(e pos.Event) *pos.Sale {
	if p.sale == nil || p.err != nil || p.sale.ID == "" || p.sale.DeviceID != e.DeviceID {
		return nil
	}
	return p.sale
}

// returnOK is the decoded return when it is readable and has an id.
func (p *payload) returnOK() *pos.Return {
	if p.ret == nil || p.err != nil || p.ret.ID == "" {
		return nil
	}
	return p.ret
}

// hashRight reports whether e's hash is the hash of its content.
func hashRight(e pos.Event) bool {
	h, err := e.ComputeHash()
	return err == nil && h == e.Hash
}
