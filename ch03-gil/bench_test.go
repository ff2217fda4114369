package main

import (
	"context"
	"testing"
	"time"
)

// BenchmarkCPU runs four units of 10 million rounds with two workers each way. On two cores,
// GILThreads takes as long as Sequential, while Goroutines take about half; Processes would
// too, but each iteration also starts and stops its two worker processes.
func BenchmarkCPU(b *testing.B) {
	const units, workers, millions = 4, 2, 10
	b.Run("Sequential", func(b *testing.B) {
		for b.Loop() {
			runSequential(units, millions)
		}
	})
	b.Run("GILThreads", func(b *testing.B) {
		for b.Loop() {
			runGILThreads(units, workers, millions, 5*time.Millisecond)
		}
	})
	b.Run("Processes", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := runProcesses(context.Background(), units, workers, millions); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Goroutines", func(b *testing.B) {
		for b.Loop() {
			runGoroutines(units, workers, millions)
		}
	})
}
