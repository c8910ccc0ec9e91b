// Package netnstest runs a test in a network namespace of its own, whose
// only interfaces are loopback and a veth pair that leads nowhere else, so
// DNS-SD (mDNS) tests advertise and browse for real without sending a
// packet off the machine.
package netnstest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// HostIP is the address of the namespace's one interface; servers a
// DNS-SD test advertises listen on it (or on all interfaces).
const HostIP = "10.255.0.1"

// envInside marks the re-executed test process inside the namespace.
const envInside = "OMNILANE_TEST_NETNS"

// Isolate makes the calling test run inside a fresh network namespace:
//
//	if !netnstest.Isolate(t) {
//		return
//	}
//
// Outside, it re-executes the test binary, for this test alone, under
// `unshare --net` with loopback up and multicast routed on it, and reports
// the child's outcome (failing or skipping t as the child did); it returns
// false, and the caller returns. Inside the namespace it returns true and
// the test body runs there. Where namespaces cannot be made (not root, no
// unshare) the test is skipped, saying why.
func Isolate(t *testing.T) bool {
	t.Helper()
	if os.Getenv(envInside) == "1" {
		return true
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("DNS-SD test needs its own network namespace: unshare (util-linux) is not installed")
	}
	if os.Geteuid() != 0 {
		t.Skip("DNS-SD test needs its own network namespace: run as root (CI does)")
	}
	// A veth pair gives the namespace one multicast interface with an
	// address (mDNS needs one); its other end stays in the namespace too.
	setup := "ip link set lo up && ip link add omni0 type veth peer name omni1 && " +
		"ip addr add " + HostIP + "/24 dev omni0 && ip link set omni1 multicast off up && ip link set omni0 multicast on up && " +
		"ip route add 224.0.0.0/4 dev omni0 && exec \"$0\" \"$@\""
	args := []string{"--net", "sh", "-c", setup, os.Args[0], "-test.run", "^" + testName(t) + "$", "-test.count", "1", "-test.v"}
	cmd := exec.Command(unshare, args...)
	cmd.Env = append(os.Environ(), envInside+"=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	switch {
	case err == nil && strings.Contains(text, "--- SKIP"):
		t.Skipf("skipped inside its network namespace:\n%s", text)
	case err == nil:
		t.Logf("ran in its own network namespace:\n%s", lastLines(text, 20))
	case strings.Contains(text, "Operation not permitted") || strings.Contains(text, "unshare failed"):
		t.Skipf("DNS-SD test needs its own network namespace, which this machine refuses: %s", lastLines(text, 3))
	default:
		t.Fatalf("in its own network namespace the test failed: %v\n%s", err, text)
	}
	return false
}

// testName is the top-level test's name (subtests run with their parent).
func testName(t *testing.T) string {
	name, _, _ := strings.Cut(t.Name(), "/")
	return name
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
