// Package escpos turns a device-neutral receipt Document into ESC/POS bytes
// for a given printer profile, and decodes ESC/POS bytes back into text and
// the commands they carry (used by the printer simulator and by tests).
//
// It knows nothing of sales: a Document is lines, columns, codes and cuts.
package escpos
