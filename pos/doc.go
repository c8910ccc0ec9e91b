// Package pos is Omnilane's domain: the catalog, the basket and its pricing,
// tenders, sales, the journal and the small interfaces (ports) the domain
// needs from storage, devices and sync.
//
// pos knows no screen, no device protocol, no HTTP and no SQL. Adapters live
// in subpackages (pos/sqlite) or elsewhere (devices, sync, ui) and only cmd
// wires them together.
package pos
