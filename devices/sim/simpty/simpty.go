// Package simpty gives simulators the device end of a pseudo-terminal: the
// program under test opens the slave path as a serial port, the simulator
// reads and writes the master.
package simpty

import (
	"fmt"
	"os"
	"sync"
	"syscall"

	"github.com/creack/pty"
	"github.com/tarm/serial"
)

// PTY is the device end of a pseudo-terminal pair. Programs open Path()
// as a serial port.
type PTY struct {
	mu     sync.Mutex
	master *os.File
	hold   *serial.Port // keeps the slave open, in raw mode, while no one else has it
	path   string
}

// Open creates a pseudo-terminal whose slave behaves like a raw serial port.
func Open() (*PTY, error) {
	ptmx, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("open pty: %w", err)
	}
	path := slave.Name()
	// pty.Open leaves the master in blocking mode, where Close cannot
	// interrupt a Read. A non-blocking duplicate is pollable: Close and
	// deadlines work on it.
	master, err := pollable(ptmx)
	ptmx.Close()
	if err != nil {
		slave.Close()
		return nil, fmt.Errorf("open pty: %w", err)
	}
	// Re-open the slave through tarm/serial so the line is raw (no echo,
	// no line editing) from the start, and keep it open so that bytes written
	// before the program opens the port are not lost.
	hold, err := serial.OpenPort(&serial.Config{Name: path, Baud: 9600})
	slave.Close()
	if err != nil {
		master.Close()
		return nil, fmt.Errorf("raw mode on %s: %w", path, err)
	}
	return &PTY{master: master, hold: hold, path: path}, nil
}

// Path returns the slave device path, e.g. /dev/pts/3.
func (p *PTY) Path() string { return p.path }

// Write sends raw bytes as the device.
func (p *PTY) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.master.Write(b)
}

// Read reads what the host sent to the device.
func (p *PTY) Read(b []byte) (int, error) { return p.master.Read(b) }

// Close closes both ends.
func (p *PTY) Close() error {
	err := p.hold.Close()
	if e := p.master.Close(); err == nil {
		err = e
	}
	return err
}

func pollable(f *os.File) (*os.File, error) {
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		return nil, fmt.Errorf("dup: %w", err)
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("non-blocking: %w", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
