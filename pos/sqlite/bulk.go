package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

var _ pos.CatalogBulkLoader = (*DB)(nil)

// BeginCatalogBulk starts a bulk catalog load: until EndCatalogBulk, the
// name search index is not kept up to date row by row (products still are,
// and the scan path is unaffected).
func (d *DB) BeginCatalogBulk(ctx context.Context) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		return setState(ctx, tx, "search_deferred", 1)
	})
}

// EndCatalogBulk rebuilds the name search index from the catalog in one
// pass and goes back to row-by-row upkeep.
func (d *DB) EndCatalogBulk(ctx context.Context) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO products_fts(products_fts) VALUES ('rebuild')`); err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_state WHERE key = 'search_deferred'`); err != nil {
			return fmt.Errorf("end bulk load: %w", err)
		}
		return nil
	})
}

// finishInterruptedBulk rebuilds the search index left behind by a bulk
// load that a crash or power cut interrupted.
func (d *DB) finishInterruptedBulk(ctx context.Context) error {
	v, err := getState(ctx, d.db, "search_deferred")
	if err != nil || v == 0 {
		return err
	}
	d.log.Warn("an interrupted catalog load left the name search behind: rebuilding it")
	return d.EndCatalogBulk(ctx)
}
