package procs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
)

// Token is a one-time enrollment token as omnilane-central -issue-token
// prints it.
type Token struct {
	// Token to give the device.
	Token string `json:"token"`
	// StoreID the token enrolls into.
	StoreID string `json:"store_id"`
	// Fingerprint of central's certificate, for the device to pin.
	Fingerprint string `json:"fingerprint"`
}

// IssueToken runs central's binary once to issue an enrollment token for a
// store of the central database at db (TLS on, so the certificate exists
// and its fingerprint comes with the token).
func IssueToken(ctx context.Context, centralBin, db, store string) (Token, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, centralBin, "-db", db, "-tls", "-store", store, "-issue-token", store)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return Token{}, fmt.Errorf("issue token: %v: %s", err, errb.String())
	}
	var t Token
	if err := json.Unmarshal(out.Bytes(), &t); err != nil || t.Token == "" {
		return Token{}, fmt.Errorf("issue token: unexpected output %q: %v", out.String(), err)
	}
	return t, nil
}
