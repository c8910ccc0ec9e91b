package devicetest

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Exchange is what the host sends and what the device answers to it.
type Exchange struct {
	Send  Bytes `json:"send"`
	Reply Bytes `json:"reply,omitempty"`
}

// Script is a recorded session.
type Script struct {
	Note      string     `json:"note,omitempty"`
	Exchanges []Exchange `json:"exchanges"`
}

// Bytes marshals as spaced hex ("1b 40 0a") so recordings diff well.
type Bytes []byte

// MarshalJSON writes spaced hex.
func (b Bytes) MarshalJSON() ([]byte, error) {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = hex.EncodeToString([]byte{c})
	}
	return json.Marshal(strings.Join(parts, " "))
}

// UnmarshalJSON reads spaced hex.
func (b *Bytes) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	out, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return fmt.Errorf("bytes %q: %w", s, err)
	}
	*b = out
	return nil
}

// Load reads a script file.
func Load(path string) (Script, error) {
	var s Script
	b, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("load script: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("load script %s: %w", path, err)
	}
	return s, nil
}

// Save writes a script file.
func (s Script) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("save script: %w", err)
	}
	return nil
}
