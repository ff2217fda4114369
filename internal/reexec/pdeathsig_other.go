//go:build !linux

package reexec

import "os/exec"

// setDeathSignal does nothing outside Linux: there a child outlives a parent that is killed
// with SIGKILL (a parent that exits normally still stops and reaps its children).
func setDeathSignal(*exec.Cmd) {}
