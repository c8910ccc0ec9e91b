// Package central is Omnilane's central server: HTTP handlers for the v1
// sync protocol (journal ingest, the store catalog feed, device records,
// health, catalog admin) over a Storage interface that a database backend
// implements (sync/central/sqlitestore).
//
// The rules that make ingest exactly-once live here, once, for every
// backend: each device's chain is verified to continue from what central
// already holds; exact duplicates are acknowledged and ignored; a
// conflicting entry, a gap or a broken hash is rejected and nothing past
// the last good entry is stored.
package central
