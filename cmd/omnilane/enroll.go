package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"

	"github.com/omnilane/omnilane/sync/enroll"
)

// credentialsPath is where the lane keeps what enrollment gave it.
func (c *config) credentialsPath() string {
	if c.Credentials != "" {
		return c.Credentials
	}
	return c.DB + ".credentials.json"
}

// centralLink is how the lane reaches central: its URL, the device's
// credential and an HTTP client pinned to central's certificate.
type centralLink struct {
	URL        string
	Credential string
	Client     *http.Client
}

// central works out the link to central: the enrolled credentials when the
// lane has them, else the -central URL as given (development, plain http).
func (c *config) central() (centralLink, error) {
	cr, err := enroll.Load(c.credentialsPath())
	switch {
	case err == nil:
		if cr.DeviceID != c.Device {
			return centralLink{}, fmt.Errorf("credentials %s are for device %s, not %s", c.credentialsPath(), cr.DeviceID, c.Device)
		}
		if c.Central != "" && strings.TrimRight(c.Central, "/") != strings.TrimRight(cr.CentralURL, "/") {
			return centralLink{}, fmt.Errorf("-central %s differs from the central this lane enrolled with (%s): enroll again", c.Central, cr.CentralURL)
		}
		return centralLink{URL: cr.CentralURL, Credential: cr.Credential, Client: cr.HTTPClient()}, nil
	case errors.Is(err, fs.ErrNotExist):
		if strings.HasPrefix(c.Central, "https://") {
			return centralLink{}, fmt.Errorf("central %s uses TLS: enroll this lane first (omnilane enroll -token …)", c.Central)
		}
		return centralLink{URL: c.Central, Client: &http.Client{}}, nil
	default:
		return centralLink{}, err
	}
}

// runEnroll trades a one-time store token for this lane's own credential
// and pins central's certificate: `omnilane enroll -central https://… -token …`.
func runEnroll(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg config
	fs := flag.NewFlagSet("omnilane enroll", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.bind(fs)
	token := fs.String("token", os.Getenv("OMNILANE_ENROLL_TOKEN"), "one-time enrollment token from central (omnilane-central -issue-token STORE) (OMNILANE_ENROLL_TOKEN)")
	fingerprint := fs.String("fingerprint", env("CENTRAL_FINGERPRINT", ""), "SHA-256 fingerprint of central's certificate, as -issue-token printed it; empty trusts the certificate seen now (OMNILANE_CENTRAL_FINGERPRINT)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cfg.Central == "" || *token == "" {
		fmt.Fprintln(stderr, "omnilane enroll: -central and -token are required")
		return 2
	}
	cr, err := enroll.Enroll(ctx, cfg.Central, *token, cfg.Device, *fingerprint)
	if err != nil {
		fmt.Fprintln(stderr, "omnilane enroll:", err)
		return 1
	}
	if err := cr.Save(cfg.credentialsPath()); err != nil {
		fmt.Fprintln(stderr, "omnilane enroll:", err)
		return 1
	}
	fmt.Fprintf(stdout, "enrolled %s in store %s at %s; credentials in %s (certificate %s…)\n",
		cr.DeviceID, cr.StoreID, cr.CentralURL, cfg.credentialsPath(), short(cr.Fingerprint))
	return 0
}

func short(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return s
}
