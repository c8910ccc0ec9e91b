package promo

import (
	"os"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
)

// TestReadmeExamples parses every JSON example in README.md, so the
// documentation cannot drift from the format.
func TestReadmeExamples(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```json\n")[1:]
	if len(blocks) < len(Types) {
		t.Fatalf("README has %d JSON examples, want at least one per type (%d)", len(blocks), len(Types))
	}
	seen := map[Type]bool{}
	for i, b := range blocks {
		example, _, _ := strings.Cut(b, "```")
		ps, err := Parse([]byte("["+example+"]"), pos.EUR)
		if err != nil {
			t.Errorf("example %d does not parse: %v\n%s", i+1, err, example)
			continue
		}
		seen[ps[0].Type] = true
	}
	for _, ty := range Types {
		if !seen[ty] {
			t.Errorf("README has no example of %s", ty)
		}
	}
}
