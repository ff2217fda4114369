package reexec

import (
	"os/exec"
	"syscall"
)

// setDeathSignal asks Linux to SIGKILL the child when the thread that started it dies.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
