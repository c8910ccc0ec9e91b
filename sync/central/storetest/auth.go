package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omnilane/omnilane/sync/central"
)

// authStores opens n stores on one fresh database with store-1 recorded;
// it skips when the backend has no enrollment (central.AuthStorage).
func authStores(t *testing.T, newDatabase NewDatabase, n int) []central.AuthStorage {
	t.Helper()
	open := newDatabase(t)
	var out []central.AuthStorage
	for range n {
		st := open(t)
		a, ok := st.(central.AuthStorage)
		if !ok {
			t.Skipf("%T has no enrollment (central.AuthStorage)", st)
		}
		if err := st.EnsureStore(context.Background(), store); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func testEnrollment(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	a := authStores(t, newDatabase, 1)[0]
	now := T0
	tok := func(name string, ttl time.Duration) string {
		h := central.HashSecret(name)
		if err := a.CreateEnrollToken(ctx, store, h, now.Add(ttl)); err != nil {
			t.Fatal(err)
		}
		return h
	}
	t1, t2, t3, expired := tok("t1", time.Hour), tok("t2", time.Hour), tok("t3", time.Hour), tok("old", -time.Second)
	steps := []struct {
		name, token, device, cred string
		want                      error
	}{
		{"first use", t1, "lane-1", "c1", nil},
		{"token used twice", t1, "lane-2", "c2", central.ErrTokenInvalid},
		{"expired token", expired, "lane-2", "c2", central.ErrTokenInvalid},
		{"unknown token", central.HashSecret("nope"), "lane-2", "c2", central.ErrTokenInvalid},
		{"device already enrolled", t2, "lane-1", "c1b", central.ErrDeviceEnrolled},
		{"second device", t2, "lane-2", "c2", nil},
	}
	for _, s := range steps {
		got, err := a.Enroll(ctx, s.token, s.device, central.HashSecret(s.cred), now)
		if !errors.Is(err, s.want) || (s.want == nil && got != store) {
			t.Fatalf("%s: store %q, %v; want %v", s.name, got, err, s.want)
		}
	}
	check := func(cred, device string, found, revoked bool) {
		t.Helper()
		d, ok, err := a.DeviceByCredential(ctx, central.HashSecret(cred))
		if err != nil || ok != found || (found && (d.DeviceID != device || d.StoreID != store || d.Revoked != revoked)) {
			t.Fatalf("credential %s: %+v %v %v; want %s found %v revoked %v", cred, d, ok, err, device, found, revoked)
		}
	}
	check("c1", "lane-1", true, false)
	check("c1b", "", false, false)
	if ok, err := a.RevokeDevice(ctx, "lane-1", now); err != nil || !ok {
		t.Fatalf("revoke: %v, %v", ok, err)
	}
	if ok, err := a.RevokeDevice(ctx, "lane-1", now.Add(time.Hour)); err != nil || !ok {
		t.Fatalf("revoke again: %v, %v", ok, err)
	}
	if ok, err := a.RevokeDevice(ctx, "lane-9", now); err != nil || ok {
		t.Fatalf("revoke unknown: %v, %v", ok, err)
	}
	check("c1", "lane-1", true, true)
	// A revoked device enrolls again with a new token and a new credential.
	if _, err := a.Enroll(ctx, t3, "lane-1", central.HashSecret("c1new"), now); err != nil {
		t.Fatal(err)
	}
	check("c1new", "lane-1", true, false)
	check("c1", "", false, false)
}

func testEnrollmentRace(t *testing.T, newDatabase NewDatabase) {
	ctx := context.Background()
	as := authStores(t, newDatabase, 2)
	const racers = 8
	tests := []struct {
		name       string
		sameToken  bool
		sameDevice bool
	}{
		{"one token, many devices", true, false},
		{"many tokens, one device", false, true},
	}
	for ti, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			errs := make(chan error, racers)
			for i := range racers {
				tokName := fmt.Sprintf("race-%d-%d", ti, i)
				if tt.sameToken {
					tokName = fmt.Sprintf("race-%d", ti)
				}
				if i == 0 || !tt.sameToken {
					if err := as[0].CreateEnrollToken(ctx, store, central.HashSecret(tokName), T0.Add(time.Hour)); err != nil {
						t.Fatal(err)
					}
				}
				device := fmt.Sprintf("lane-%d-%d", ti, i)
				if tt.sameDevice {
					device = fmt.Sprintf("lane-%d", ti)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := as[i%2].Enroll(ctx, central.HashSecret(tokName), device, central.HashSecret(fmt.Sprintf("cred-%d-%d", ti, i)), T0)
					switch {
					case err == nil:
						mu.Lock()
						wins++
						mu.Unlock()
					case errors.Is(err, central.ErrTokenInvalid) || errors.Is(err, central.ErrDeviceEnrolled):
					default:
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if wins != 1 {
				t.Fatalf("%d enrollments won; want exactly 1", wins)
			}
		})
	}
}
