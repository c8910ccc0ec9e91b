package pgtest

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// CPU is the CPU time the server has used so far: the postmaster and its
// children — backends, WAL writer, checkpointer, live or exited (the
// postmaster reaps them, so their time is in its children's). It is 0
// where /proc cannot tell.
func (s *Server) CPU() time.Duration {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	postmaster := s.cmd.Process.Pid
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var ticks int64
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// Fields after "(comm)": state ppid … utime(14) stime(15) cutime(16) cstime(17).
		// (Children call setsid, so the process group does not tell them.)
		i := bytes.LastIndexByte(raw, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(raw[i+1:])
		if len(f) < 15 {
			continue
		}
		if ppid, _ := strconv.Atoi(string(f[1])); pid != postmaster && ppid != postmaster {
			continue
		}
		n := 2 // utime, stime
		if pid == postmaster {
			n = 4 // and the reaped children's
		}
		for k := 11; k < 11+n; k++ {
			v, _ := strconv.ParseInt(string(f[k]), 10, 64)
			ticks += v
		}
	}
	return time.Duration(ticks) * clockTick
}

// SharedCPU is CPU for the server NewDatabase's databases live on (0 when
// none was started by this process, e.g. with OMNILANE_PG_DSN).
func SharedCPU() time.Duration {
	return shared.srv.CPU()
}
