package catalogimport

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/omnilane/omnilane/pos"
)

// Sink stores a checked catalog in one transaction: if the sequence yields
// an error, nothing of it is kept. central.Storage implements it.
type Sink interface {
	ImportProducts(ctx context.Context, products iter.Seq2[pos.Product, error]) (cursor int64, err error)
}

// Check reads a whole file and reports every rejected row, including SKUs
// and barcodes used by two rows. It keeps only keys in memory.
func Check(r io.Reader, f Format) (*Report, error) {
	rep := &Report{}
	skus := map[string]int{}
	codes := map[string]int{}
	err := scan(r, f, func(rw row) error {
		if f == NDJSON || rw.line > 1 {
			rep.Rows++
		}
		errs := rw.errs
		if rw.p.SKU != "" {
			if first, dup := skus[rw.p.SKU]; dup {
				errs = append(errs, RowError{Line: rw.line, Field: "sku", Reason: fmt.Sprintf("%q is also on line %d", rw.p.SKU, first)})
			} else {
				skus[rw.p.SKU] = rw.line
			}
		}
		for _, c := range rw.p.Barcodes {
			if first, dup := codes[c]; dup && first != rw.line {
				errs = append(errs, RowError{Line: rw.line, Field: "barcodes", Reason: fmt.Sprintf("%s is also on line %d", c, first)})
			} else {
				codes[c] = rw.line
			}
		}
		if len(errs) > 0 {
			rep.Rejected++
			for _, e := range errs {
				rep.add(e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// Import checks the file (first pass), and when every row is good applies
// it to sink in one transaction (second pass, after rewinding). A report
// with rejected rows is returned as is and nothing is imported.
func Import(ctx context.Context, r io.ReadSeeker, f Format, sink Sink) (*Report, error) {
	rep, err := Check(r, f)
	if err != nil {
		return nil, err
	}
	if !rep.OK() {
		return rep, nil
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind catalog file: %w", err)
	}
	n := 0
	products := func(yield func(pos.Product, error) bool) {
		err := scan(r, f, func(rw row) error {
			if len(rw.errs) > 0 {
				return fmt.Errorf("line %d changed while importing: %s", rw.line, rw.errs[0].Reason)
			}
			n++
			if !yield(rw.p, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && err != errStop {
			yield(pos.Product{}, err)
		}
	}
	cursor, err := sink.ImportProducts(ctx, products)
	if err != nil {
		return nil, fmt.Errorf("import catalog: %w", err)
	}
	rep.Imported, rep.Cursor = n, cursor
	return rep, nil
}

var errStop = fmt.Errorf("stop")
