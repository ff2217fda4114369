package floor

import (
	"testing"

	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/stretchr/testify/require"
)

// The floors measured apart: each alone in this process, a test binary that holds nothing of
// the book but the floors. docs/benchmarks.md reads every figure against these too, beside
// the same floor measured paired with it.

func BenchmarkChannel(b *testing.B) { benchFloor(b, func() (Trip, error) { return NewChannel(), nil }) }
func BenchmarkLocked(b *testing.B)  { benchFloor(b, func() (Trip, error) { return NewLocked(), nil }) }
func BenchmarkLockedPartner(b *testing.B) {
	benchFloor(b, func() (Trip, error) { return NewLockedPartner(), nil })
}
func BenchmarkFutex(b *testing.B) { benchFloor(b, func() (Trip, error) { return NewFutex() }) }
func BenchmarkEchoBlocking(b *testing.B) {
	benchFloor(b, func() (Trip, error) { return StartEcho(Blocking) })
}
func BenchmarkEchoOSFile(b *testing.B) {
	benchFloor(b, func() (Trip, error) { return StartEcho(OSFile) })
}

// batch is how many round trips one call to RoundTrips makes.
const batch = 64

func benchFloor(b *testing.B, start func() (Trip, error)) {
	f, err := start()
	if err != nil {
		b.Skip(err)
	}
	var pids []int
	if e, ok := f.(*Echo); ok {
		pids = append(pids, e.Pid())
	}
	m := cputime.Start(pids...)
	n := 0
	// The error is checked after the loop: require marks itself a helper on every call, which
	// costs a runtime.Callers in the timed loop.
	for b.Loop() {
		if err = f.RoundTrips(batch); err != nil {
			break
		}
		n++
	}
	require.NoError(b, err, "round trips")
	cpu := m.PerOp(n * batch)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*batch), "trip-ns/op")
	b.ReportMetric(cpu, "trip-cpu-ns/op")
	require.NoError(b, f.Close(), "Close")
}
