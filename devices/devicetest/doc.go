// Package devicetest records and plays back device byte exchanges, so a
// driver can be tested against the exact bytes a real device (or simulator)
// sent. A Playback fails the test when the driver sends something else, and
// when an expected exchange never happens.
package devicetest
