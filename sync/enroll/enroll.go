// Package enroll is the device side of enrollment: it trades a one-time,
// store-scoped token for the device's own credential, pins central's TLS
// certificate by its fingerprint, and keeps the result in a file the lane
// reads at start.
package enroll

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/omnilane/omnilane/sync/client"
	"github.com/omnilane/omnilane/sync/protocol"
)

// Credentials is what a device keeps after enrolling.
type Credentials struct {
	// CentralURL is central's base URL (https://…).
	CentralURL string `json:"central_url"`
	// DeviceID of this device.
	DeviceID string `json:"device_id"`
	// StoreID the token enrolled the device into.
	StoreID string `json:"store_id"`
	// Credential is the device's bearer secret.
	Credential string `json:"credential"`
	// Fingerprint is the pinned SHA-256 of central's certificate (hex).
	Fingerprint string `json:"fingerprint,omitempty"`
}

// ErrPin reports a certificate that does not match the pinned fingerprint.
var ErrPin = errors.New("central's certificate does not match the pinned fingerprint")

// PinnedClient returns an HTTP client that trusts exactly the certificate
// whose SHA-256 fingerprint is given (whatever its issuer or names), and
// nothing else. An empty fingerprint trusts the first certificate seen
// and stores its fingerprint in *seen (trust on first use, for enrollment).
func PinnedClient(fingerprint string, seen *string) *http.Client {
	want := strings.ToLower(strings.ReplaceAll(fingerprint, ":", ""))
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verification is the pin below
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return ErrPin
			}
			sum := sha256.Sum256(raw[0])
			got := hex.EncodeToString(sum[:])
			if want == "" {
				if seen != nil {
					*seen = got
				}
				return nil
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
				return fmt.Errorf("%w (got %s…)", ErrPin, got[:16])
			}
			return nil
		},
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 4}, Timeout: 0}
}

// Enroll trades token for deviceID's credential at central. fingerprint,
// if not empty, must match central's certificate (given with the token);
// when empty, the certificate seen now is pinned. Plain http:// central
// URLs (development) enroll without a pin.
func Enroll(ctx context.Context, centralURL, token, deviceID, fingerprint string) (Credentials, error) {
	var seen string
	hc := PinnedClient(fingerprint, &seen)
	c, err := client.New(centralURL, hc, "")
	if err != nil {
		return Credentials{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var res protocol.EnrollResult
	if err := c.Post(ctx, protocol.PathEnroll, protocol.EnrollRequest{Token: token, DeviceID: deviceID}, &res); err != nil {
		return Credentials{}, fmt.Errorf("enroll %s: %w", deviceID, err)
	}
	pin := fingerprint
	if pin == "" {
		pin = seen
	}
	if strings.HasPrefix(centralURL, "https://") && pin == "" {
		return Credentials{}, fmt.Errorf("enroll %s: no certificate to pin", deviceID)
	}
	return Credentials{CentralURL: centralURL, DeviceID: res.DeviceID, StoreID: res.StoreID, Credential: res.Credential, Fingerprint: strings.ToLower(strings.ReplaceAll(pin, ":", ""))}, nil
}

// HTTPClient returns the client the device uses with these credentials:
// pinned to central's certificate over https, plain otherwise.
func (c Credentials) HTTPClient() *http.Client {
	if strings.HasPrefix(c.CentralURL, "https://") {
		return PinnedClient(c.Fingerprint, nil)
	}
	return &http.Client{}
}

// Save writes the credentials to path, readable by the owner only.
func (c Credentials) Save(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	return nil
}

// Load reads credentials saved by Save.
func Load(path string) (Credentials, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("load credentials: %w", err)
	}
	var c Credentials
	if err := json.Unmarshal(b, &c); err != nil {
		return Credentials{}, fmt.Errorf("load credentials %s: %w", path, err)
	}
	return c, nil
}
