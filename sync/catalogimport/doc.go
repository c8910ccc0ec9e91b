// Package catalogimport reads catalog files for central — CSV with the
// column set of sync/IMPORT.md, or NDJSON of pos.Product — checks every
// row, and reports each rejected row by line, field and reason. A file with
// any rejected row imports nothing; a clean file is applied in one
// transaction, so a catalog is never half-imported.
package catalogimport
