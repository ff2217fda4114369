//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// inGroup puts cmd in a process group of its own, and makes its cancellation kill the whole
// group: a side interrupted halfway leaves no worker behind (a Python pool's workers, which
// have no death signal, included), and a Ctrl-C at the terminal reaches only this program,
// which stops the sides itself.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
