package central

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

// Enrollment errors a Storage returns.
var (
	// ErrTokenInvalid: the token is unknown, used or expired.
	ErrTokenInvalid = errors.New("enrollment token is unknown, already used or expired")
	// ErrDeviceEnrolled: the device id is enrolled and not revoked.
	ErrDeviceEnrolled = errors.New("device is already enrolled")
)

// DeviceAuth is what central knows about a credential's device.
type DeviceAuth struct {
	// DeviceID the credential belongs to.
	DeviceID string
	// StoreID the device belongs to.
	StoreID string
	// Revoked is true once the device's credential was revoked.
	Revoked bool
}

// AuthStorage is the enrollment part of Storage.
type AuthStorage interface {
	// CreateEnrollToken records a token (by hash) for a store until expires.
	CreateEnrollToken(ctx context.Context, storeID, tokenHash string, expires time.Time) error
	// Enroll uses a token once and records the device's credential hash;
	// it returns the token's store, ErrTokenInvalid or ErrDeviceEnrolled.
	Enroll(ctx context.Context, tokenHash, deviceID, credentialHash string, now time.Time) (storeID string, err error)
	// DeviceByCredential finds the device of a credential hash.
	DeviceByCredential(ctx context.Context, credentialHash string) (DeviceAuth, bool, error)
	// RevokeDevice revokes a device's credential; false if no such device.
	RevokeDevice(ctx context.Context, deviceID string, at time.Time) (bool, error)
}

// principal is who made a request.
type principal struct {
	admin  bool
	device DeviceAuth
}

type principalKey struct{}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// principalOf returns the request's principal; ok is false when auth is off.
func principalOf(ctx context.Context) (principal, bool) {
	p, ok := ctx.Value(principalKey{}).(principal)
	return p, ok
}

// newSecret returns 32 random bytes, URL-safe base64.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret is the stored form of a token or credential.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func bearer(h string) string {
	v, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(v)
}

func sameSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
