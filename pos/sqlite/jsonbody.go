package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnilane/omnilane/pos"
)

// bodyOf reads the JSON body of the one row query selects (records such as
// sales, returns, orders and releases are kept whole, exactly as
// journalled). No row is an ENOTFOUND error saying "no " + what.
func bodyOf[T any](ctx context.Context, q queryer, what, query string, args ...any) (T, error) {
	var v T
	var body string
	err := q.QueryRowContext(ctx, query, args...).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return v, pos.Errorf(pos.ENOTFOUND, "no %s", what)
	}
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		return v, fmt.Errorf("%s: decode: %w", what, err)
	}
	return v, nil
}
