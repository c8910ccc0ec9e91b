package sqlite

import (
	"context"
	"database/sql"
)

// statements are the prepared queries on the scan path.
type statements struct {
	productByCode *sql.Stmt
}

func (d *DB) prepare(ctx context.Context) error {
	var err error
	d.stmts.productByCode, err = d.db.PrepareContext(ctx, `
		SELECT `+productAtCols+`
		FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.code = ?2`)
	return err
}

func (s *statements) close() {
	if s.productByCode != nil {
		s.productByCode.Close()
	}
}
