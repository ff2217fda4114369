package cputime

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

// A spin shows up in Self: spinning until 20 ms of CPU time have gone by ends (within 10 s,
// however loaded the machine), and 50 ms of sleep uses far less.
func TestSelfCountsASpinNotASleep(t *testing.T) {
	m := Start()
	deadline := time.Now().Add(10 * time.Second)
	for m.Stop() < 20*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("10 s of spinning used %v of CPU time, want 20ms", m.Stop())
		}
	}
	m = Start()
	time.Sleep(50 * time.Millisecond)
	if d := m.Stop(); d > 20*time.Millisecond {
		t.Errorf("50 ms of sleep used %v of CPU time, want under 20ms", d)
	}
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
		if !ok {
			t.Fatalf("Process(%d) cannot read the clock", spin.Process.Pid)
		}
		if d >= 20*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a spinning child used %v of CPU in 4 s, want at least 20ms", d)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if d, ok := Process(sleep.Process.Pid); !ok || d > 20*time.Millisecond {
		t.Errorf("a sleeping child: Process = %v, %v; want under 20ms, true", d, ok)
	}
}
