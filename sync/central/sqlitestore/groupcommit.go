package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/omnilane/omnilane/sync/central"
)

// maxGroup is the most ingest jobs committed together.
const maxGroup = 64

// ingestJob is one IngestTx call waiting for the writer.
type ingestJob struct {
	ctx    context.Context
	device string
	fn     func(central.JournalTx) error
	done   chan error
}

// IngestTx runs fn in a write transaction and returns once its effects are
// durable. Concurrent calls are committed together (group commit): each
// runs inside its own savepoint, so one that fails is rolled back alone,
// and one fsync covers the group.
func (d *DB) IngestTx(ctx context.Context, deviceID string, fn func(central.JournalTx) error) error {
	job := &ingestJob{ctx: ctx, device: deviceID, fn: fn, done: make(chan error, 1)}
	select {
	case d.jobs <- job:
	case <-ctx.Done():
		return ctx.Err()
	case <-d.closed:
		return fmt.Errorf("ingest %s: database closed", deviceID)
	}
	return <-job.done
}

// writer commits queued ingest jobs in groups until the database closes.
func (d *DB) writer() {
	defer close(d.writerDone)
	for {
		var group []*ingestJob
		select {
		case j := <-d.jobs:
			group = append(group, j)
		case <-d.closed:
			return
		}
	more:
		for len(group) < maxGroup {
			select {
			case j := <-d.jobs:
				group = append(group, j)
			default:
				break more
			}
		}
		d.commitGroup(group)
		if err := d.cache.prepareWanted(context.Background(), d.w); err != nil {
			d.log.Warn("statement not prepared", "err", err)
		}
	}
}

func (d *DB) commitGroup(group []*ingestJob) {
	results := make([]error, len(group))
	err := d.inTx(context.Background(), func(tx *sql.Tx) error {
		for i, j := range group {
			if err := j.ctx.Err(); err != nil {
				results[i] = err
				continue
			}
			if _, err := tx.ExecContext(j.ctx, `SAVEPOINT job`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			jt := &journalTx{d: d, tx: tx, device: j.device}
			if results[i] = j.fn(jt); results[i] == nil {
				results[i] = jt.flush(context.WithoutCancel(j.ctx))
			}
			if results[i] != nil {
				if _, err := tx.ExecContext(context.Background(), `ROLLBACK TO job`); err != nil {
					return fmt.Errorf("rollback to savepoint: %w", err)
				}
			}
			if _, err := tx.ExecContext(context.Background(), `RELEASE job`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return nil
	})
	for i, j := range group {
		if err != nil {
			j.done <- err
		} else {
			j.done <- results[i]
		}
	}
}
