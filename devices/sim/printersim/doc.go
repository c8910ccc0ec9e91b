// Package printersim is a virtual ESC/POS receipt printer: the device side of
// the same bytes a real printer receives. It decodes what it is sent, keeps
// each receipt (split at each cut) as text and raw bytes, optionally writing
// them to a folder, answers DLE EOT real-time status, sends automatic status
// back packets after GS a (at once and on every mode change), and can be
// switched to paper-low, paper-out, cover-open or dead to exercise fault
// paths.
package printersim
