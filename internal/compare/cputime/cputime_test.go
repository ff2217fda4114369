package cputime

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A spin shows up in Self: spinning until 20 ms of CPU time have gone by ends (within 10 s,
// however loaded the machine), and 50 ms of sleep uses far less.
func TestSelfCountsASpinNotASleep(t *testing.T) {
	m := Start()
	deadline := time.Now().Add(10 * time.Second)
	for {
		used := m.Stop()
		if used >= 20*time.Millisecond {
			break
		}
		require.Falsef(t, time.Now().After(deadline), "10 s of spinning used %v of CPU time, want 20ms", used)
	}
	m = Start()
	time.Sleep(50 * time.Millisecond)
	assert.LessOrEqual(t, m.Stop(), 20*time.Millisecond, "the CPU time 50 ms of sleep used")
}

// Process reads another process's clock: a child that spins shows CPU time; one that sleeps
// shows next to none.
func TestProcessReadsAChild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the process CPU clock is read on Linux only")
	}
	spin := exec.Command("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5")
	sleep := exec.Command("sleep", "5")
	for _, c := range []*exec.Cmd{spin, sleep} {
		c.Stderr = os.Stderr
		if err := c.Start(); err != nil {
			t.Skip(err)
		}
		defer func() { _ = c.Process.Kill(); _ = c.Wait() }()
	}
	deadline := time.Now().Add(4 * time.Second)
	for {
		d, ok := Process(spin.Process.Pid)
		require.Truef(t, ok, "Process(%d) cannot read the clock", spin.Process.Pid)
		if d >= 20*time.Millisecond {
			break
		}
		require.Falsef(t, time.Now().After(deadline), "a spinning child used %v of CPU in 4 s, want at least 20ms", d)
		time.Sleep(10 * time.Millisecond)
	}
	d, ok := Process(sleep.Process.Pid)
	assert.True(t, ok, "a sleeping child: Process cannot read the clock")
	assert.LessOrEqual(t, d, 20*time.Millisecond, "a sleeping child: its CPU time")
}
