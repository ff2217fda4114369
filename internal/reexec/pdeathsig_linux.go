package reexec

import (
	"os/exec"
	"syscall"
	"unsafe"
)

// watchesExit is true where Start can learn that a child has exited without reaping it, and
// therefore where the thread that started the child is held until then (see Start).
const watchesExit = true

// setDeathSignal asks Linux to SIGKILL the child when the thread that started it dies.
func setDeathSignal(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// blockUntilExited waits until the child pid has exited, without reaping it: waitid(2) with
// WNOWAIT leaves the zombie for exec.Cmd.Wait, as os.Process.blockUntilWaitable does. It
// returns at once if pid is not a child of ours (ECHILD).
func blockUntilExited(pid int) {
	const pPID = 1     // P_PID in <sys/wait.h>
	var info [128]byte // a siginfo_t, which we do not read
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&info)), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		if errno != syscall.EINTR {
			return
		}
	}
}
