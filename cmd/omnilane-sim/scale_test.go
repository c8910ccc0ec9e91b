package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/omnilane/omnilane/devices/scale"
	"github.com/omnilane/omnilane/devices/transport"
)

// TestScaleBinary runs omnilane-sim scale as a process and weighs through
// the real scale driver on the pty it prints, with the profile's 7E1 line:
// the start weight, a weight placed on stdin (read once it settles), and
// over capacity.
func TestScaleBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := buildSim(t, t.TempDir())
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer inW.Close()
	defer inR.Close()
	path, stop := startSim(t, bin, inR, "scale", "-grams", "1234", "-settle", "300ms")
	if !strings.HasPrefix(path, "/dev/") {
		t.Fatalf("path %q", path)
	}
	s, err := scale.New(scale.Config{Dialer: transport.Serial{Name: path, DataBits: 7, Parity: 'E'}, Dialect: scale.DialectToledo8213,
		RetryEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	time.Sleep(350 * time.Millisecond) // the start weight settles
	if g, err := s.Weigh(ctx); err != nil || g != 1234 {
		t.Fatalf("start weight: %d, %v", g, err)
	}
	if _, err := io.WriteString(inW, "0.750kg\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		g, err := s.Weigh(ctx)
		if err == nil && g == 750 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("placed 750 g, read %d, %v", g, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := io.WriteString(inW, "over\n"); err != nil {
		t.Fatal(err)
	}
	for {
		_, err := s.Weigh(ctx)
		if scale.ConditionOf(err) == scale.CondOverCapacity {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("over capacity not reported: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
}

func TestParseGrams(t *testing.T) {
	for in, want := range map[string]int64{"1234": 1234, "1234g": 1234, "1.234kg": 1234, "0": 0} {
		if g, err := parseGrams(in); err != nil || g != want {
			t.Errorf("parseGrams(%q) = %d, %v", in, g, err)
		}
	}
	for _, in := range []string{"", "abc", "-5", "2000kg"} {
		if _, err := parseGrams(in); err == nil {
			t.Errorf("parseGrams(%q) accepted", in)
		}
	}
}

// FuzzParseGrams: a control line is a weight from 0 to 1000 kg or refused.
func FuzzParseGrams(f *testing.F) {
	for _, s := range []string{"1234", "1234g", "1.234kg", "0", "-5", "2000kg", "kg", "1e3kg", "NaNkg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := parseGrams(s)
		if err == nil && (g < 0 || g > 1_000_000) {
			t.Fatalf("parseGrams(%q) = %d", s, g)
		}
	})
}
