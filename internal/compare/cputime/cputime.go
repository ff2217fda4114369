// Package cputime reads how much CPU time (user and system) a process has used, this one or
// another, so that a benchmark can report CPU per operation beside wall time: a design that
// buys latency by spinning shows it there.
package cputime

import (
	"os"
	"testing"
	"time"
)

// Self is the CPU time, user and system, that this process has used so far: every thread's,
// from getrusage(2) with RUSAGE_SELF.
func Self() time.Duration { return usage(false) }

// Children is the CPU time, user and system, of this process's children that have ended and
// been waited for (getrusage(2) with RUSAGE_CHILDREN): a benchmark that starts and reaps
// processes counts theirs with it.
func Children() time.Duration { return usage(true) }

// Process is the CPU time, user and system, that process pid has used so far, every thread's
// (on Linux, its process CPU clock, read with clock_gettime(2); it need not be a child). ok
// is false where that cannot be read.
func Process(pid int) (d time.Duration, ok bool) { return process(pid) }

// A Meter measures the CPU time of this process, of its children reaped meanwhile and of some
// other processes between Start and Stop.
type Meter struct {
	pids  []int
	start time.Duration
}

// Start starts measuring this process, its children as they are reaped, and the processes pids
// (which should not be reaped before Stop).
func Start(pids ...int) *Meter {
	m := &Meter{pids: pids}
	m.start = m.total()
	return m
}

func (m *Meter) total() time.Duration {
	t := Self() + Children()
	for _, pid := range m.pids {
		d, _ := Process(pid)
		t += d
	}
	return t
}

// Stop returns the CPU time used since Start, by this process and the others together.
func (m *Meter) Stop() time.Duration { return m.total() - m.start }

// PerOp is the CPU time used since Start, in nanoseconds per operation, for n operations: what
// a benchmark reports as cpu-ns/op.
func (m *Meter) PerOp(n int) float64 { return float64(m.Stop().Nanoseconds()) / float64(max(n, 1)) }

// ReportEnv is the environment variable that, set to "1", makes Report report: make compare
// sets it.
const ReportEnv = "BOOK_BENCH_CPU"

// Report reports the CPU time used since Start, per operation of b, as the metric cpu-ns/op,
// when the environment sets ReportEnv to 1, as internal/cmd/compare does; otherwise it does
// nothing, so that a benchmark's line in a lesson keeps its columns.
func (m *Meter) Report(b *testing.B) {
	if os.Getenv(ReportEnv) == "1" {
		b.ReportMetric(m.PerOp(b.N), "cpu-ns/op")
	}
}
