//go:build unix

package executor

import (
	"os"
	"syscall"
)

// blockingPipe is os.Pipe, but with both ends in blocking mode: os.NewFile leaves a blocking
// descriptor out of the runtime's network poller, so a Read sleeps in read(2) until bytes
// come, and a Close that races a Read waits for it rather than reusing the descriptor. The
// pipe is made under syscall.ForkLock, as os.Pipe does where pipe2(2) is missing, so that no
// child started meanwhile inherits it.
func blockingPipe() (r, w *os.File, err error) {
	var p [2]int
	syscall.ForkLock.RLock()
	err = syscall.Pipe(p[:])
	if err == nil {
		syscall.CloseOnExec(p[0])
		syscall.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, os.NewSyscallError("pipe", err)
	}
	return os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), nil
}
