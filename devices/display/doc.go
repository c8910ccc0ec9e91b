// Package display drives a customer pole display (2 lines × 20 characters,
// ESC/POS line-display commands as on Epson DM-D models) over a transport,
// and decodes those commands into a screen for the simulator and tests.
package display
