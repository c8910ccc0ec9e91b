package scanner

import "strings"

// maxFrame bounds a scan; longer runs without a suffix are dropped.
const maxFrame = 8192

// framer splits a byte stream into scans.
type framer struct {
	prefix string
	suffix string // "" means CR or LF
	buf    []byte
}

// feed adds bytes and returns the complete frames, prefix removed; empty
// frames (e.g. the LF of a CR LF) are skipped. overflow reports a dropped run.
func (f *framer) feed(b []byte) (frames []string, overflow bool) {
	f.buf = append(f.buf, b...)
	for {
		end, n := f.find()
		if end < 0 {
			break
		}
		frame := string(f.buf[:end])
		f.buf = f.buf[end+n:]
		frame = strings.TrimPrefix(frame, f.prefix)
		if frame != "" {
			frames = append(frames, frame)
		}
	}
	if len(f.buf) > maxFrame {
		f.buf = f.buf[:0]
		overflow = true
	}
	return frames, overflow
}

// find returns the index and length of the first terminator, or -1.
func (f *framer) find() (int, int) {
	if f.suffix != "" {
		return strings.Index(string(f.buf), f.suffix), len(f.suffix)
	}
	for i, c := range f.buf {
		if c == '\r' || c == '\n' {
			return i, 1
		}
	}
	return -1, 0
}
