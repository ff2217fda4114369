//go:build !linux

package reexec

import "os/exec"

// watchesExit is false outside Linux: there is no parent-death signal to keep a thread for,
// and Child.Done is closed only by Wait.
const watchesExit = false

// setDeathSignal does nothing outside Linux: there a child outlives a parent that is killed
// with SIGKILL (a parent that exits normally still stops and reaps its children).
func setDeathSignal(*exec.Cmd) {}

func blockUntilExited(int) {}
