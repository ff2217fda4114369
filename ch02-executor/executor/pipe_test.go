//go:build unix

package executor

import (
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The pool's ends of a worker's pipes are blocking: a call sleeps in read(2) until the
// response comes, one system call, rather than failing with EAGAIN and waiting on the
// runtime's network poller for a wake-up (the cost BenchmarkProcessPoolCallPaired measures
// against an echo child).
func TestTheWorkerPipesBlock(t *testing.T) {
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()
	w := p.workers[0]
	for name, f := range map[string]*os.File{"stdin": w.stdin, "stdout": w.stdout} {
		rc, err := f.SyscallConn()
		require.NoError(t, err)
		var flags int
		var ferr error
		// Control, unlike Fd, leaves the descriptor's mode as it is.
		require.NoError(t, rc.Control(func(fd uintptr) {
			flags, ferr = fcntlGetfl(int(fd))
		}))
		require.NoError(t, ferr)
		require.Zero(t, flags&syscall.O_NONBLOCK, "the worker's %s is non-blocking", name)
	}
	got, err := Call[int, int](p, "square", 7)
	require.NoError(t, err)
	require.Equal(t, 49, got)
}

func fcntlGetfl(fd int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFL, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}
