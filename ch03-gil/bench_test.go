package main

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkCPU runs four units of 10 million rounds with two workers each way. On two cores,
// GILThreads takes as long as Sequential, while NativeCode and Goroutines take about half;
// Processes would too, but each iteration also starts and stops its two worker processes.
func BenchmarkCPU(b *testing.B) {
	const units, workers, millions = 4, 2, 10
	ctx := context.Background()
	b.Run("Sequential", func(b *testing.B) {
		for b.Loop() {
			runSequential(ctx, units, millions)
		}
	})
	b.Run("GILThreads", func(b *testing.B) {
		for b.Loop() {
			runThreads(ctx, units, workers, millions, 5*time.Millisecond, unitOnThread)
		}
	})
	b.Run("Processes", func(b *testing.B) {
		var err error
		for b.Loop() {
			if _, _, err = runProcesses(ctx, units, workers, millions); err != nil {
				break
			}
		}
		require.NoError(b, err)
	})
	b.Run("NativeCode", func(b *testing.B) {
		for b.Loop() {
			runThreads(ctx, units, workers, millions, 5*time.Millisecond, unitInNativeCode)
		}
	})
	b.Run("Goroutines", func(b *testing.B) {
		for b.Loop() {
			runGoroutines(ctx, units, workers, millions)
		}
	})
}

// BenchmarkGOMAXPROCS runs four CPU-bound goroutines with one P and with one P per core: with
// one P they take as long as one goroutine doing all the work, as threads under a GIL do.
func BenchmarkGOMAXPROCS(b *testing.B) {
	const units, millions = 4, 10
	for _, procs := range schedProcs() {
		b.Run(fmt.Sprint("P", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for b.Loop() {
				runGoroutines(context.Background(), units, units, millions)
			}
		})
	}
}

// BenchmarkIO runs four I/O-bound threads under one GIL, each waiting three times for 10ms,
// against one thread doing all twelve waits: the four overlap, so they take a quarter of the
// time.
func BenchmarkIO(b *testing.B) {
	const nap = 10 * time.Millisecond
	b.Run("OneThread", func(b *testing.B) {
		for b.Loop() {
			ioRun(b.Context(), 1, 12, nap, 5*time.Millisecond)
		}
	})
	b.Run("FourThreads", func(b *testing.B) {
		for b.Loop() {
			ioRun(b.Context(), 4, 3, nap, 5*time.Millisecond)
		}
	})
}

// BenchmarkConvoy reports the I/O-bound thread's average wait for the GIL after each of its
// waits, beside a CPU-bound thread, for three switch intervals: the wait follows the interval.
func BenchmarkConvoy(b *testing.B) {
	for _, interval := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		b.Run(fmt.Sprint("interval=", interval), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				x := uint64(1)
				waits, _ := convoyRun(context.Background(), interval, 2*time.Millisecond, 5, func() { x = burn(x, roundsPerStep) })
				total += mean(waits)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-wait")
		})
	}
}
