// Package profile loads device firmware profiles from firmware-profiles/.
//
// Printer profiles use the escpos-printer-db schema and field names (name,
// vendor, inherits, notes, features, colors, fonts, media, codePages; numbers
// may be the string "Unknown") plus an "omnilane" block of our own (command
// set, transports, TCP port, USB ids, status support). Each file holds one
// object whose single key is the profile id and must match the file name.
//
// Inheritance: a profile's "features", "media" and "omnilane" objects are
// merged key by key over its parent's; every other field, when present,
// replaces the parent's value whole (so a child's codePages list is the
// complete list). Cycles and unknown parents are errors.
package profile
