package pgstore_test

import (
	"testing"

	"github.com/omnilane/omnilane/sync/central/pgstore/pgtest"
	"github.com/omnilane/omnilane/sync/central/storetest"
)

// TestCustomersConformance runs the customers case of the conformance
// suite against a real PostgreSQL.
func TestCustomersConformance(t *testing.T) {
	storetest.RunCustomers(t, func(t testing.TB) storetest.Opener { return opener(pgtest.NewDatabase(t)) })
}
