package sqlitestore

import "github.com/omnilane/omnilane/sync/central"

var _ central.Storage = (*DB)(nil)
var _ central.AuthStorage = (*DB)(nil)
var _ central.OmniStorage = (*DB)(nil)
var _ central.StoreFeed = (*DB)(nil)
