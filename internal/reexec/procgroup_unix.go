//go:build unix

package reexec

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the child in a process group of its own, out of the terminal's
// foreground group: a Ctrl-C at the terminal reaches the parent alone, which then stops its
// children itself. Without it, a worker still starting up (before Main ignores SIGINT) would die
// of the Ctrl-C, and the parent could see the dead worker before its own SIGINT and report a
// failure instead of the interrupt.
func setProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}
