// Package printer drives an ESC/POS receipt printer over a transport: it
// encodes a Document with the printer's profile, checks real-time status
// (DLE EOT) before and after each job, and reconnects on the next job after
// the connection drops.
package printer
