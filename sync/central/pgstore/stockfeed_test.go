package pgstore_test

import (
	"testing"

	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// TestStockFeedConformance runs the stock feed case of the conformance
// suite against a real PostgreSQL.
func TestStockFeedConformance(t *testing.T) {
	storetest.RunStockFeed(t, func(t testing.TB) storetest.Opener { return opener(pgtest.NewDatabase(t)) })
}
