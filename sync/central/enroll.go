package central

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/omnilane/omnilane/sync/protocol"
)

// Admin paths for enrollment.
const (
	// PathAdminTokens answers POST with a new protocol.EnrollToken for the store.
	PathAdminTokens = "/v1/admin/stores/{store}/tokens"
	// PathAdminRevoke revokes a device's credential (POST).
	PathAdminRevoke = "/v1/admin/devices/{device}/revoke"
)

// authenticate resolves the request's bearer secret to a principal. With
// auth off every request passes as is. Revocation is read from the
// database on every request, so it takes effect on the next one.
func (s *Server) authenticate(next http.HandlerFunc, adminOnly bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.cfg.RequireAuth && s.cfg.AdminToken == "" {
			next(w, r)
			return
		}
		if s.auth == nil && s.cfg.RequireAuth {
			s.fail(w, r, protocol.Errorf(protocol.CodeUnavailable, "this storage backend does not support device credentials"))
			return
		}
		secret := bearer(r.Header.Get("Authorization"))
		if sameSecret(secret, s.cfg.AdminToken) {
			next(w, r.WithContext(withPrincipal(r.Context(), principal{admin: true})))
			return
		}
		if adminOnly {
			s.fail(w, r, protocol.Errorf(protocol.CodeUnauthorized, "an administrator token is required"))
			return
		}
		if !s.cfg.RequireAuth {
			next(w, r)
			return
		}
		if secret == "" {
			s.fail(w, r, protocol.Errorf(protocol.CodeUnauthorized, "no credential: enroll the device first"))
			return
		}
		dev, ok, err := s.auth.DeviceByCredential(r.Context(), HashSecret(secret))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok || dev.Revoked {
			s.fail(w, r, protocol.Errorf(protocol.CodeUnauthorized, "credential unknown or revoked"))
			return
		}
		next(w, r.WithContext(withPrincipal(r.Context(), principal{device: dev})))
	}
}

// mayWriteJournal: a device writes only its own journal.
func mayWriteJournal(r *http.Request, device string) *protocol.Error {
	p, ok := principalOf(r.Context())
	if !ok {
		return nil
	}
	if p.admin || p.device.DeviceID != device {
		return protocol.Errorf(protocol.CodeForbidden, "this credential may not write the journal of %q", device)
	}
	return nil
}

// mayReadStore: a device reads only its own store's feed.
func mayReadStore(r *http.Request, store string) *protocol.Error {
	p, ok := principalOf(r.Context())
	if !ok || p.admin || p.device.StoreID == store {
		return nil
	}
	return protocol.Errorf(protocol.CodeForbidden, "this device belongs to store %q, not %q", p.device.StoreID, store)
}

// mayReadDevice: a device reads only its own record.
func mayReadDevice(r *http.Request, device string) *protocol.Error {
	p, ok := principalOf(r.Context())
	if !ok || p.admin || p.device.DeviceID == device {
		return nil
	}
	return protocol.Errorf(protocol.CodeForbidden, "this credential may not read device %q", device)
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	if s.auth == nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "enrollment is not available on this storage backend"))
		return
	}
	var req protocol.EnrollRequest
	if err := protocol.DecodeJSON(r.Body, 64<<10, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Token == "" || req.DeviceID == "" || len(req.DeviceID) > 64 {
		s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "token and a device_id of at most 64 characters are required"))
		return
	}
	cred, err := newSecret()
	if err != nil {
		s.fail(w, r, fmt.Errorf("new credential: %w", err))
		return
	}
	store, err := s.auth.Enroll(r.Context(), HashSecret(req.Token), req.DeviceID, HashSecret(cred), s.clock.Now())
	switch {
	case errors.Is(err, ErrTokenInvalid):
		s.fail(w, r, protocol.Errorf(protocol.CodeUnauthorized, "%v", err))
		return
	case errors.Is(err, ErrDeviceEnrolled):
		s.fail(w, r, protocol.Errorf(protocol.CodeForbidden, "device %q is already enrolled; revoke it first", req.DeviceID))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.Info("device enrolled", "device", req.DeviceID, "store", store)
	s.reply(w, r, protocol.EnrollResult{DeviceID: req.DeviceID, StoreID: store, Credential: cred})
}

// IssueToken creates a one-time enrollment token for a store (creating
// the store if new), valid for ttl.
func (s *Server) IssueToken(ctx context.Context, store string, ttl time.Duration) (protocol.EnrollToken, error) {
	if s.auth == nil {
		return protocol.EnrollToken{}, protocol.Errorf(protocol.CodeNotFound, "enrollment is not available on this storage backend")
	}
	if err := s.st.EnsureStore(ctx, store); err != nil {
		return protocol.EnrollToken{}, err
	}
	tok, err := newSecret()
	if err != nil {
		return protocol.EnrollToken{}, fmt.Errorf("new token: %w", err)
	}
	exp := s.clock.Now().Add(ttl).UTC().Truncate(time.Millisecond)
	if err := s.auth.CreateEnrollToken(ctx, store, HashSecret(tok), exp); err != nil {
		return protocol.EnrollToken{}, err
	}
	return protocol.EnrollToken{Token: tok, StoreID: store, ExpiresAt: exp, Fingerprint: s.cfg.Fingerprint}, nil
}

func (s *Server) adminTokens(w http.ResponseWriter, r *http.Request) {
	ttl := s.cfg.TokenTTL
	if v := r.URL.Query().Get("ttl"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			s.fail(w, r, protocol.Errorf(protocol.CodeBadRequest, "ttl=%q is not a positive duration", v))
			return
		}
		ttl = d
	}
	t, err := s.IssueToken(r.Context(), r.PathValue("store"), ttl)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, r, t)
}

func (s *Server) adminRevoke(w http.ResponseWriter, r *http.Request) {
	dev := r.PathValue("device")
	if s.auth == nil {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "enrollment is not available on this storage backend"))
		return
	}
	ok, err := s.auth.RevokeDevice(r.Context(), dev, s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "no enrolled device %q", dev))
		return
	}
	s.log.Info("device revoked", "device", dev)
	s.reply(w, r, map[string]string{"device_id": dev, "status": "revoked"})
}
