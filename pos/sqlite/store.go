package sqlite

import "github.com/omnilane/omnilane/pos"

var (
	_ pos.Store     = (*DB)(nil)
	_ pos.SyncStore = (*DB)(nil)
)
