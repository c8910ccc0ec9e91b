package pgstore_test

import (
	"testing"

	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// TestLedgersConformance runs the chain-wide ledgers case of the
// conformance suite against a real PostgreSQL.
func TestLedgersConformance(t *testing.T) {
	storetest.RunLedgers(t, func(t testing.TB) storetest.Opener { return opener(pgtest.NewDatabase(t)) })
}
