// Package scanner reads a serial (or serial-emulating USB) barcode scanner:
// it splits the byte stream into scans at the configured suffix, removes the
// prefix, parses each with devices/scan and reconnects by itself when the
// port goes away.
package scanner
