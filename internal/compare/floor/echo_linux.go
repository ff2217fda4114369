package floor

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
)

// Why a floor: one byte written to a child process over one pipe and read back over another —
// two processes woken, four system calls, nothing to encode. A call to any worker process
// (Python's ProcessPoolExecutor, the book's ProcessPool) sends a request and waits for the
// answer over the same two pipes, so it pays at least this. The parent's side comes in two
// kinds, and the lower of the two is the floor: Blocking reads and writes with plain blocking
// system calls, the calling thread asleep in the kernel until the byte comes back; OSFile uses
// os.Pipe's files, which Go's runtime makes non-blocking and waits on with its network
// poller (epoll), as exec.Cmd's StdinPipe and StdoutPipe do.
//
// The child is this same program, started again with EchoEnv set: the package's init function
// sees it and echoes instead of running the program, before main or TestMain.

func init() {
	if os.Getenv(EchoEnv) != "1" {
		return
	}
	var b [1]byte
	for {
		n, err := syscall.Read(0, b[:])
		if err == syscall.EINTR {
			continue
		}
		if n <= 0 {
			os.Exit(0) // the parent closed the pipe: done
		}
		for {
			if _, err := syscall.Write(1, b[:]); err != syscall.EINTR {
				break
			}
		}
	}
}

// Echo is a child process that writes back each byte it reads.
type Echo struct {
	cmd  *exec.Cmd
	kind EchoKind
	w, r *os.File // OSFile: the parent's ends
	wfd  int      // Blocking: the parent's ends
	rfd  int
}

// StartEcho starts an echo child and makes one round trip, which waits for it to start up.
// The child dies with the parent's thread that started it (Pdeathsig), and Close reaps it.
func StartEcho(kind EchoKind) (*Echo, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	e := &Echo{kind: kind, cmd: exec.Command(exe)}
	e.cmd.Env = append(os.Environ(), EchoEnv+"=1")
	e.cmd.Stderr = os.Stderr
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var childIn, childOut *os.File
	switch kind {
	case Blocking:
		var toChild, fromChild [2]int
		if err := syscall.Pipe2(toChild[:], syscall.O_CLOEXEC); err != nil {
			return nil, err
		}
		if err := syscall.Pipe2(fromChild[:], syscall.O_CLOEXEC); err != nil {
			_ = syscall.Close(toChild[0])
			_ = syscall.Close(toChild[1])
			return nil, err
		}
		childIn, e.wfd = os.NewFile(uintptr(toChild[0]), "echo stdin"), toChild[1]
		childOut, e.rfd = os.NewFile(uintptr(fromChild[1]), "echo stdout"), fromChild[0]
	case OSFile:
		if childIn, e.w, err = os.Pipe(); err != nil {
			return nil, err
		}
		if e.r, childOut, err = os.Pipe(); err != nil {
			_ = childIn.Close()
			_ = e.w.Close()
			return nil, err
		}
	default:
		return nil, fmt.Errorf("floor: no echo kind %d", kind)
	}
	e.cmd.Stdin, e.cmd.Stdout = childIn, childOut
	err = e.cmd.Start()
	_ = childIn.Close()
	_ = childOut.Close()
	if err != nil {
		e.closePipes()
		return nil, err
	}
	if err := e.RoundTrips(1); err != nil {
		_ = e.Close()
		return nil, err
	}
	return e, nil
}

// Pid is the child's process ID.
func (e *Echo) Pid() int { return e.cmd.Process.Pid }

// RoundTrips sends n bytes, one at a time, each read back before the next goes out.
func (e *Echo) RoundTrips(n int) error {
	b := []byte{1}
	for range n {
		if e.kind == Blocking {
			if err := writeByte(e.wfd, b); err != nil {
				return err
			}
			if err := readByte(e.rfd, b); err != nil {
				return err
			}
			continue
		}
		if _, err := e.w.Write(b); err != nil {
			return err
		}
		if _, err := io.ReadFull(e.r, b); err != nil {
			return err
		}
	}
	return nil
}

func writeByte(fd int, b []byte) error {
	for {
		n, err := syscall.Write(fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return err
		case n != 1:
			return io.ErrShortWrite
		}
		return nil
	}
}

func readByte(fd int, b []byte) error {
	for {
		n, err := syscall.Read(fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return err
		case n == 0:
			return io.ErrUnexpectedEOF
		}
		return nil
	}
}

func (e *Echo) closePipes() {
	if e.kind == Blocking {
		_ = syscall.Close(e.wfd)
		_ = syscall.Close(e.rfd)
		return
	}
	_ = e.w.Close()
	_ = e.r.Close()
}

// Close closes the child's standard input, so that it exits, and reaps it.
func (e *Echo) Close() error {
	if e.kind == Blocking {
		_ = syscall.Close(e.wfd)
	} else {
		_ = e.w.Close()
	}
	err := e.cmd.Wait()
	if e.kind == Blocking {
		_ = syscall.Close(e.rfd)
	} else {
		_ = e.r.Close()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("floor: echo child: %v", err)
	}
	return err
}
