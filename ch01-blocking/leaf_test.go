package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lesson says a goroutine is stopped cooperatively only at a call to a function that has a
// stack check, and that small leaf functions have none (cmd/internal/obj/x86/obj6.go marks a
// function NOSPLIT when its frame is under abi.StackSmall and it calls nothing). These loops
// show it with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1, where only a cooperative
// preemption point can let the sleeper run.

// leaf is a small leaf function: no calls, a tiny frame, so no stack check in its prologue.
//
//go:noinline
func leaf(x int) int { return x ^ (x >> 3) }

// nonLeaf calls leaf, so it is no leaf: its prologue checks the stack, and a preemption request
// (which poisons the stack guard) is noticed there.
//
//go:noinline
func nonLeaf(x int) int { return leaf(x) + 1 }

//go:noinline
func leafLoop(n int, started, ended *uint32) int {
	atomic.StoreUint32(started, 1)
	x := 1
	for i := 0; i < n; i++ {
		x += leaf(x + i)
	}
	atomic.StoreUint32(ended, 1)
	return x
}

//go:noinline
func callLoop(n int, started, ended *uint32) int {
	atomic.StoreUint32(started, 1)
	x := 1
	for i := 0; i < n; i++ {
		x += nonLeaf(x + i)
	}
	atomic.StoreUint32(ended, 1)
	return x
}

// The test binary gets a worker of its own: the loop experiment, run for 150ms.
func init() {
	app.Workers["loop"] = func(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
		signal.Reset(syscall.SIGTERM)
		loop := leafLoop
		if len(args) == 1 && args[0] == "call" {
			loop = callLoop
		}
		return spinTrials(ctx, stdout, loop, 150*time.Millisecond)
	}
}

func runLoopChild(t *testing.T, kind string) spinResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd, err := reexec.Command(ctx, "loop", kind)
	require.NoError(t, err)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1", "GODEBUG=asyncpreemptoff=1")
	out, err := cmd.Output()
	require.NoErrorf(t, err, "loop child %s (within a minute?)", kind)
	var r spinResult
	_, err = fmt.Sscanf(string(out), "%d %t %d", &r.slept, &r.beforeEnd, &r.loop)
	require.NoErrorf(t, err, "loop child %s printed %q", kind, out)
	return r
}

func TestOnlyAStackCheckIsACooperativePreemptionPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel() // child processes: overlap them with the scripts
	r := runLoopChild(t, "call")
	assert.Truef(t, r.beforeEnd, "a loop calling a function with a stack check: the sleeper waited for the loop (%+v), want it to wake mid-loop", r)
	r = runLoopChild(t, "leaf")
	assert.Falsef(t, r.beforeEnd, "a loop calling only a small leaf: the sleeper woke mid-loop (%+v), want it to wait for the loop", r)
}
