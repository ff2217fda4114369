package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
)

// The leaf experiment: where can the scheduler stop a goroutine that never blocks, when it may
// not interrupt it with a signal (GODEBUG=asyncpreemptoff=1)? Only at the stack check in a
// function's prologue, where sysmon's request (stackguard0 = stackPreempt) is noticed. A small
// leaf function has no such check: the assembler marks it NOSPLIT (cmd/internal/obj/x86/obj6.go,
// preprocess: on amd64 a function whose frame is under abi.StackSmall, 128 bytes, and which
// calls nothing). burn is such a function; burnChecked, which calls it, has the check.

// burnChecked is burn behind a call, so that it has a stack check: a function that calls
// another is no leaf.
//
//go:noinline
func burnChecked(x uint64, rounds int) uint64 { return burn(x, rounds) }

// progress is how many rounds the spin has done. Atomic loads and stores compile to plain
// instructions, not calls, so counting adds no preemption point to the loop.
var progress atomic.Int64

// spinLeaf calls only burn, a leaf: no call in the loop has a stack check.
//
//go:noinline
func spinLeaf(n int) uint64 {
	x := uint64(1)
	for i := range n {
		x = burn(x, 1000)
		progress.Store(int64(i + 1))
	}
	return x
}

// spinChecked calls burnChecked, whose prologue checks the stack, once per round.
//
//go:noinline
func spinChecked(n int) uint64 {
	x := uint64(1)
	for i := range n {
		x = burnChecked(x, 1000)
		progress.Store(int64(i + 1))
	}
	return x
}

// spinWorker is the child of the leaf experiment: ARGS are "leaf" or "checked", and the number
// of rounds. A goroutine sleeps 1ms while this one spins, and notes how many rounds the spin
// had done when it woke; the child prints that count. Run with GOMAXPROCS=1, the sleeper can
// wake before the last round only if the spinning goroutine is preempted. (Reading the clock
// after the spin would not tell: time.Since has a stack check, so the spinning goroutine is
// preempted in its prologue, and the sleeper runs before the clock is read.)
func spinWorker(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	if len(args) != 2 || (args[0] != "leaf" && args[0] != "checked") {
		return fmt.Errorf("spin worker: want leaf|checked ROUNDS, got %q", args)
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 1 {
		return fmt.Errorf("spin worker: bad ROUNDS %q", args[1])
	}
	runtime.Gosched()
	var woke atomic.Int64
	ready, done := make(chan struct{}), make(chan struct{})
	go func() {
		close(ready)
		time.Sleep(time.Millisecond)
		woke.Store(progress.Load())
		close(done)
	}()
	<-ready // with one P, the sleeper is parked in time.Sleep before the spin begins
	if args[0] == "leaf" {
		spinLeaf(n)
	} else {
		spinChecked(n)
	}
	<-done
	fmt.Fprintln(stdout, woke.Load(), n)
	return nil
}
