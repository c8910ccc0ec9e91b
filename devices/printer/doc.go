// Package printer drives an ESC/POS receipt printer over a transport: it
// encodes a Document with the printer's profile, checks real-time status
// (DLE EOT) before and after each job, and reconnects on the next job after
// the connection drops.
//
// On printers with real-time status every connection has a background
// reader. When the profile also supports automatic status back (omnilane
// status "asb", see ReportsASB) the driver sends GS a after each connect, and
// the reader turns the printer's unsolicited 4-byte ASB packets into the
// latest-known status (LastStatus) and Config.OnStatus events, so paper,
// cover and error changes arrive without polling; it hands the one-byte DLE
// EOT replies to the request waiting for them (the two differ in their
// fixed bits). The reader ends when the connection is closed or lost.
package printer
