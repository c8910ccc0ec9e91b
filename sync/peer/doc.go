// Package peer replicates journals between the lanes of one store over the
// LAN, so a return at lane 2 finds a sale rung at lane 1 while the WAN is
// down.
//
// Every lane runs a Server exposing its own journal (entries after a seq) and
// its own sales by receipt code, and a Puller that pulls each peer's journal
// incrementally, verifies the peer's hash chain with pos.ChainVerifier
// (resuming from the last entry held), and stores the verified entries in the
// lane's database (pos/sqlite: peer_events, peer_sales). Nothing after a
// break in a peer's chain is stored.
//
// Peers find each other by DNS-SD: each lane advertises ServiceType
// ("_omnilane._tcp") with TXT records device=<device id>, store=<store id>,
// v=1 (Advertise), and browses for the others (Browse). A static list of
// host:port addresses is the fallback where multicast does not pass. Only
// peers of the lane's own store are pulled: the TXT store record and the
// peer's hello are both checked.
//
// The wire (JSON over HTTP; optional bearer token shared by the store's
// lanes):
//
//	GET /peer/v1/hello                      → Hello
//	GET /peer/v1/journal?after=N&limit=M    → JournalPage (entries with seq > N)
//	GET /peer/v1/sales/{receipt code}       → pos.Sale (this lane's own sales only)
//
// Errors are sync/protocol Error bodies (not_found, bad_request,
// unauthorized, internal).
package peer
