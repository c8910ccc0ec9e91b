// Package firmwareprofiles embeds the device profile data kept in this folder
// (printer profiles derived from escpos-printer-db, code-page tables, and
// Omnilane's own scanner, display and terminal profiles) so that binaries work
// without the source tree. Load it with devices/profile.
package firmwareprofiles

import (
	"embed"
	"io/fs"
)

//go:embed printers/*.json codepages/*.json displays/*.json scanners/*.json terminals/*.json scales/*.json
var files embed.FS

// FS returns the embedded profile tree: printers/, codepages/encoding.json,
// displays/, scanners/, terminals/ and scales/.
func FS() fs.FS { return files }
