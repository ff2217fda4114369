package executor

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/concurrency-models/book/internal/compare/floor"
)

// The paired benchmarks: a figure and its floor (package internal/compare/floor, which shares
// no code with this package) measured in alternating batches in one process, so that both see
// the same machine at the same moment. docs/benchmarks.md checks each figure against its floor
// on these pairs.

// pairBatch is how many operations of the figure, then of each floor, make one batch.
const pairBatch = 16

// A side of a paired benchmark: n operations, and the processes besides this one whose CPU
// time they use.
type side struct {
	name  string // the metrics' prefix: "call", "futex", ...
	run   func(n int) error
	timed func(n int) (time.Duration, error) // instead of run: times its operations itself
	floor floor.Trip                         // instead of run: a floor (internal/compare/floor)
	pids  []int
}

// benchPaired runs the figure and each floor in turn, pairBatch operations at a time, for
// b.N rounds, and reports, for each side, wall and CPU nanoseconds per operation
// (NAME-ns/op, NAME-cpu-ns/op). A round is one b.Loop iteration. It returns the first side's
// error, if any, and reports nothing then: the caller checks it, for benchPaired may run on the
// event loop's goroutine, where a require (b.FailNow) must not be called, and the check stays
// out of the timed loop (require marks itself a helper on every call, a runtime.Callers).
func benchPaired(b *testing.B, sides ...side) error {
	wall := make([]time.Duration, len(sides))
	cpu := make([]time.Duration, len(sides))
	meters := make([]*cputime.Meter, len(sides))
	var err error
rounds:
	for b.Loop() {
		for i, s := range sides {
			meters[i] = cputime.Start(s.pids...)
			t0 := time.Now()
			var d time.Duration
			switch {
			case s.timed != nil:
				d, err = s.timed(pairBatch)
			case s.floor != nil:
				err = s.floor.RoundTrips(pairBatch)
				d = time.Since(t0)
			default:
				err = s.run(pairBatch)
				d = time.Since(t0)
			}
			if err != nil {
				err = fmt.Errorf("%s: %w", s.name, err)
				break rounds
			}
			wall[i] += d
			cpu[i] += meters[i].Stop()
		}
	}
	if err != nil {
		return err
	}
	n := float64(b.N * pairBatch)
	for i, s := range sides {
		b.ReportMetric(float64(wall[i].Nanoseconds())/n, s.name+"-ns/op")
		b.ReportMetric(float64(cpu[i].Nanoseconds())/n, s.name+"-cpu-ns/op")
	}
	return nil
}

// echoSides are the two kinds of echo child (the floor of a call to a worker process), as
// sides of a paired benchmark; the benchmark's end reaps them.
func echoSides(b *testing.B) []side {
	blocking, err := floor.StartEcho(floor.Blocking)
	if err != nil {
		b.Skip(err)
	}
	b.Cleanup(func() { closeFloor(b, blocking) })
	osFile, err := floor.StartEcho(floor.OSFile)
	if err != nil {
		b.Skip(err)
	}
	b.Cleanup(func() { closeFloor(b, osFile) })
	return []side{
		{name: "echo-blocking", floor: blocking, pids: []int{blocking.Pid()}},
		{name: "echo-osfile", floor: osFile, pids: []int{osFile.Pid()}},
	}
}

func closeFloor(b *testing.B, f floor.Trip) {
	assert.NoError(b, f.Close(), "closing a floor")
}

// BenchmarkProcessPoolCallPaired alternates batches of process pool calls, as
// BenchmarkProcessPoolCall makes them, with batches of one-byte round trips to an echo child
// of each kind (the floor of a call to a worker process).
func BenchmarkProcessPoolCallPaired(b *testing.B) {
	p := startedPool(b)
	call := side{name: "call", pids: p.PIDs(), run: func(n int) error {
		for range n {
			if _, err := Call[int, int](p, "square", 3); err != nil {
				return err
			}
		}
		return nil
	}}
	require.NoError(b, benchPaired(b, append([]side{call}, echoSides(b)...)...))
}

// BenchmarkRunInExecutorPaired alternates batches of run_in_executor round trips — through
// OS-thread workers back to back, the same 1 ms apart (BenchmarkRunInExecutorSpaced), and
// through goroutine workers — with batches of the floors they are read against: a goroutine
// locked to its thread answering this unlocked one (the OS-thread workers' floor: one locked
// end, as a call to a worker has), a channel round trip (the goroutine workers') and, for
// information, two locked goroutines (a locked end on both sides) and a futex ping-pong between
// two OS threads with no Go scheduler in between. All of it runs on the event loop's
// goroutine, which is not locked, as the calls do.
func BenchmarkRunInExecutorPaired(b *testing.B) {
	goroutines := NewPool(DefaultWorkers(), Goroutines)
	defer goroutines.Shutdown(true)
	futex, err := floor.NewFutex()
	if err != nil {
		b.Skip(err)
	}
	partner := floor.NewLockedPartner()
	locked := floor.NewLocked()
	channel := floor.NewChannel()
	defer func() {
		closeFloor(b, futex)
		closeFloor(b, partner)
		closeFloor(b, locked)
		closeFloor(b, channel)
	}()
	err = aio.Main(func(co *aio.Co) error {
		calls := func(ex Executor) func(int) error {
			return func(n int) error {
				for range n {
					if _, err := aio.Await(co, RunInExecutor(co, ex, func() (int, error) { return 1, nil })); err != nil {
						return err
					}
				}
				return nil
			}
		}
		spaced := side{name: "spaced", timed: func(n int) (time.Duration, error) {
			var d time.Duration
			for range n {
				if err := co.Sleep(spacing); err != nil {
					return d, err
				}
				t0 := time.Now()
				if _, err := aio.Await(co, RunInExecutor(co, nil, func() (int, error) { return 1, nil })); err != nil {
					return d, err
				}
				d += time.Since(t0)
			}
			return d, nil
		}}
		return benchPaired(b,
			side{name: "threads", run: calls(nil)},
			spaced,
			side{name: "goroutines", run: calls(goroutines)},
			side{name: "partner", floor: partner},
			side{name: "futex", floor: futex},
			side{name: "locked", floor: locked},
			side{name: "channel", floor: channel},
		)
	})
	require.NoError(b, err)
}
