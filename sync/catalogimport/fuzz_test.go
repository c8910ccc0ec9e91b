package catalogimport_test

import (
	"bytes"
	"testing"

	"github.com/omnilane/omnilane/pos/samplecatalog"
	"github.com/omnilane/omnilane/sync/catalogimport"
)

// FuzzCheck: any CSV or NDJSON file is either clean — every row a valid
// product — or reported row by row with a line number; never a panic.
func FuzzCheck(f *testing.F) {
	var buf bytes.Buffer
	_ = samplecatalog.WriteCSV(&buf, 5)
	f.Add(buf.Bytes(), false)
	f.Add([]byte(header+"A1,\"Caf\"\"é\",,,1,EUR,400,,,\n"), false)
	f.Add([]byte(`{"sku":"N1","name":"x","price":1,"currency":"EUR","tax_rate":400}`+"\n"), true)
	f.Fuzz(func(t *testing.T, file []byte, ndjson bool) {
		format := catalogimport.CSV
		if ndjson {
			format = catalogimport.NDJSON
		}
		rep, err := catalogimport.Check(bytes.NewReader(file), format)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rejected > 0 && len(rep.Errors) == 0 {
			t.Fatal("rejected rows without errors")
		}
		for _, e := range rep.Errors {
			if e.Line < 1 || e.Reason == "" {
				t.Fatalf("error without a line or reason: %+v", e)
			}
		}
	})
}
