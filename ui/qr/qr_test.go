package qr

import (
	"bufio"
	"bytes"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Reed-Solomon codewords of the "HELLO WORLD" 1-M example that the QR
// literature works through (data codewords, then the 10 EC codewords).
func TestReedSolomonKnownVector(t *testing.T) {
	data := []byte{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17}
	want := []byte{196, 35, 39, 119, 235, 215, 231, 226, 93, 23}
	if got := rsRemainder(data, 10); !bytes.Equal(got, want) {
		t.Errorf("EC codewords %v, want %v", got, want)
	}
}

// Format and version information against ISO/IEC 18004 annexes C and D.
func TestFormatAndVersionInfo(t *testing.T) {
	for _, c := range []struct {
		level Level
		mask  int
		want  string
	}{{M, 0, "101010000010010"}, {L, 4, "110011000101111"}, {Q, 2, "011111100110001"}, {H, 7, "000100000111011"}} {
		if got := fmt.Sprintf("%015b", formatInfo(c.level, c.mask)); got != c.want {
			t.Errorf("format %d/%d: %s, want %s", c.level, c.mask, got, c.want)
		}
	}
	// Version 7's information is 000111110010010100.
	c := &Code{Version: 7, Size: 45}
	c.drawFunction()
	var bits int
	for i := 17; i >= 0; i-- {
		bits <<= 1
		if c.Black(c.Size-11+i%3, i/3) {
			bits |= 1
		}
	}
	if got := fmt.Sprintf("%018b", bits); got != "000111110010010100" {
		t.Errorf("version 7 info %s", got)
	}
	if got := fmt.Sprint(alignmentPositions(32)); got != "[6 34 60 86 112 138]" {
		t.Errorf("alignment of version 32: %s", got)
	}
}

// TestGolden compares whole symbols, module by module, with those of
// another encoder (python-qrcode, byte mode, the same forced mask) in
// testdata/golden.txt: versions 1 to 21, every level.
func TestGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "golden.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	levels := map[string]Level{"L": L, "M": M, "Q": Q, "H": H}
	n := 0
	for sc.Scan() {
		text, ok := strings.CutPrefix(sc.Text(), "text ")
		if !ok {
			continue
		}
		sc.Scan()
		var lv string
		var mask, ver int
		if _, err := fmt.Sscanf(sc.Text(), "level %s mask %d version %d", &lv, &mask, &ver); err != nil {
			t.Fatal(err)
		}
		c, err := EncodeMask(text, levels[lv], mask)
		if err != nil {
			t.Fatal(err)
		}
		if c.Version != ver {
			t.Errorf("%.20q: version %d, want %d", text, c.Version, ver)
			continue
		}
		for y := 0; y < c.Size && sc.Scan(); y++ {
			row := sc.Text()
			for x := range c.Size {
				if c.Black(x, y) != (row[x] == '#') {
					t.Fatalf("%.20q (%s, mask %d, version %d): module (%d,%d) differs", text, lv, mask, ver, x, y)
				}
			}
		}
		n++
	}
	if n < 8 {
		t.Fatalf("only %d golden symbols read", n)
	}
}

func TestTooLongAndAutoMask(t *testing.T) {
	if _, err := Encode(strings.Repeat("x", 3000), L); err != ErrTooLong {
		t.Errorf("3000 bytes: %v", err)
	}
	c, err := Encode("omnilane:receipt:lane-1-000042", M)
	if err != nil || c.Version != 3 || c.Size != 29 {
		t.Fatalf("receipt code: %+v, %v", c, err)
	}
	// The chosen mask has the lowest penalty of the eight.
	best := c.penalty()
	for m := range 8 {
		o, _ := EncodeMask("omnilane:receipt:lane-1-000042", M, m)
		if p := o.penalty(); p < best {
			t.Errorf("mask %d scores %d, below the chosen %d's %d", m, p, c.Mask, best)
		}
	}
	img := c.Image(4, 4)
	if b := img.Bounds(); b.Dx() != (29+8)*4 || img.GrayAt(0, 0).Y != 0xFF || img.GrayAt(16, 16).Y != 0 {
		t.Errorf("image %v, corner %d, finder %d", b, img.GrayAt(0, 0).Y, img.GrayAt(16, 16).Y)
	}
}

// TestDecodesWithZbar reads the drawn symbols back with zbarimg, when it is
// installed (Debian package zbar-tools).
func TestDecodesWithZbar(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed")
	}
	for _, text := range []string{"omnilane:receipt:lane-1-000042", "omnilane:receipt:lane-12-123456", strings.Repeat("Tienda Centro ", 20)} {
		for _, lv := range []Level{L, M, Q, H} {
			c, err := Encode(text, lv)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(t.TempDir(), "qr.png")
			f, err := os.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, c.Image(4, 4)); err != nil {
				t.Fatal(err)
			}
			f.Close()
			out, err := exec.Command(zbar, "-q", "--raw", name).Output()
			if err != nil || strings.TrimRight(string(out), "\n") != text {
				t.Errorf("%.20q level %d version %d: zbar read %q, %v", text, lv, c.Version, out, err)
			}
		}
	}
}
