package customerimport_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/sync/catalogimport"
	"github.com/omnilane/omnilane/sync/customerimport"
)

const header = "id,home_store,name,phone,email,tier,points,credit_account\n"

func TestParseGoodFiles(t *testing.T) {
	want := []pos.Customer{
		{ID: "C-1", HomeStore: "store-1", Name: "Lucía Pérez", Phone: "600111222", Email: "lucia@example.com", Tier: "oro", Points: 1250},
		{ID: "C-2", Name: "Jon, \"Txo\"", CreditAccount: "SC-77"},
	}
	csvFile := "\ufeff" + header + "C-1,store-1,Lucía Pérez,600111222,lucia@example.com,oro,1250,\nC-2,,\"Jon, \"\"Txo\"\"\",,,,,SC-77\n"
	ndjson := `{"id":"C-1","home_store":"store-1","name":"Lucía Pérez","phone":"600111222","email":"lucia@example.com","tier":"oro","points":1250}` + "\n\n" +
		`{"id":"C-2","name":"Jon, \"Txo\"","credit_account":"SC-77"}`
	for f, file := range map[catalogimport.Format]string{catalogimport.CSV: csvFile, catalogimport.NDJSON: ndjson} {
		got, rep, err := customerimport.Parse(strings.NewReader(file), f)
		if err != nil || !rep.OK() || rep.Rows != 2 || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("%s: %+v, %+v, %v", f, got, rep, err)
		}
	}
}

func TestParseReportsEveryBadRow(t *testing.T) {
	file := header + "C-1,,Ana,,,,10,\n,,Sin id,,,,,\nC-3,,,,,,,\nC-4,,Neg,,,,-5,\nC-5,,Txt,,,,muchos,\nC-1,,Ana otra vez,,,,,\n"
	got, rep, err := customerimport.Parse(strings.NewReader(file), catalogimport.CSV)
	if err != nil {
		t.Fatal(err)
	}
	if got != nil || rep.Rows != 6 || rep.Rejected != 5 {
		t.Fatalf("customers %+v; report %+v", got, rep)
	}
	lines := map[int]string{}
	for _, e := range rep.Errors {
		lines[e.Line] += e.Field + ":" + e.Reason + ";"
	}
	for line, want := range map[int]string{3: "id", 4: "no name", 5: "negative", 6: "points:", 7: "also on line 2"} {
		if !strings.Contains(lines[line], want) {
			t.Errorf("line %d: %q; want it to mention %q", line, lines[line], want)
		}
	}
	if _, rep, _ := customerimport.Parse(strings.NewReader("id,nombre\n"), catalogimport.CSV); rep.OK() || rep.Errors[0].Line != 1 {
		t.Fatalf("bad header: %+v", rep)
	}
	if _, rep, _ := customerimport.Parse(strings.NewReader(`{"id":"C-1","name":"x","dni":"123"}`), catalogimport.NDJSON); rep.OK() {
		t.Fatalf("unknown field accepted: %+v", rep)
	}
}

// FuzzParse: any file is either clean — every row a valid customer, ids
// unique — or reported with a line and a reason for each problem, and then
// nothing is returned to import.
func FuzzParse(f *testing.F) {
	f.Add([]byte(header+"C-1,store-1,Lucía,600111222,l@e.com,oro,10,SC-1\n"), false)
	f.Add([]byte(header+"C-1,,\"a\"\"b\",,,,x,\n,,,\n"), false)
	f.Add([]byte(`{"id":"C-1","name":"x","points":3}`+"\n"+`{"id":"C-1","name":"y"}`), true)
	f.Fuzz(func(t *testing.T, file []byte, ndjson bool) {
		format := catalogimport.CSV
		if ndjson {
			format = catalogimport.NDJSON
		}
		got, rep, err := customerimport.Parse(bytes.NewReader(file), format)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			if got != nil || len(rep.Errors) == 0 {
				t.Fatalf("rejected file returned %d customers, %d errors", len(got), len(rep.Errors))
			}
			for _, e := range rep.Errors {
				if e.Line < 1 || e.Reason == "" {
					t.Fatalf("error without a line or reason: %+v", e)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range got {
			if err := c.Validate(); err != nil || seen[c.ID] {
				t.Fatalf("accepted %+v: %v (dup %v)", c, err, seen[c.ID])
			}
			seen[c.ID] = true
		}
	})
}
