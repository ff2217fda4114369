package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkCPU runs the cpu demo's four ways on two chunks of 20 million rounds each: the
// sequential run against the thread pool, the process pool and goroutines. Go threads have no
// GIL, so on a machine with two or more cores the thread pool and the goroutines can take about
// half the sequential time; the process pool also starts and stops its two workers in every
// iteration, which on chunks this short costs it much of its gain. docs/benchmarks.md reports
// the speed-ups, measured beside Python's.
func BenchmarkCPU(b *testing.B) {
	const chunks, millions = 2, 20
	b.Run("sequential", func(b *testing.B) {
		for b.Loop() {
			_, _ = runSequential(b.Context(), chunks, millions, nil)
		}
	})
	b.Run("threadpool", func(b *testing.B) {
		var err error
		for b.Loop() {
			if _, err = runThreadPool(b.Context(), chunks, millions, nil); err != nil {
				break
			}
		}
		require.NoError(b, err)
	})
	b.Run("processpool", func(b *testing.B) {
		var err error
		for b.Loop() {
			if _, err = runProcessPool(b.Context(), chunks, millions, nil); err != nil {
				break
			}
		}
		require.NoError(b, err)
	})
	b.Run("goroutines", func(b *testing.B) {
		var err error
		for b.Loop() {
			if _, err = runGoroutines(b.Context(), chunks, millions, nil); err != nil {
				break
			}
		}
		require.NoError(b, err)
	})
}
