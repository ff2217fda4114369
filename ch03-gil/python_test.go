package main

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/pyparity"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes a few
// seconds at most, even on a loaded machine.
const parityTimeout = 60 * time.Second

// TestPythonParityCPU runs the CPU-bound table in both languages on small units. The times are
// measured, so the tables are matched by shape; exact are the rows, and that every run computed
// the same checksums. Python's table has the two columns CPython really has: threads under its
// GIL, and processes.
func TestPythonParityCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: burns millions of rounds of pure Python")
	}
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"cpu", "-work", "1", "-units", "1"},
		"python/gil_cpu.py", "-work", "1", "-units", "1")
	pyparity.Shape(t, "go run ./ch03-gil cpu -work 1 -units 1", gores.Stdout, `CPU-bound: 1 units of 1 million rounds; {{int}} cores, GOMAXPROCS={{int}}
sequential: {{duration}}; below, each time and its speed-up over sequential
workers  GIL threads    processes      native code    goroutines
1        {{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x
2        {{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x
4        {{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x{{any}}{{duration}} {{float}}x
every run computed the same checksums: true
threads running bytecode at once, at most: 1 (the GIL)
threads running native code at once, at most: {{int}}
`)
	pyparity.Shape(t, "python3 python/gil_cpu.py -work 1 -units 1", pyres.Stdout, pyparity.Golden(t, "testdata/python.txtar", "cpu-small.txt"))
}

var waitRow = regexp.MustCompile(`(?m)^(1|5|20)ms +(\d+\.\d)ms$`)

// TestPythonParityConvoy runs the convoy in both languages: the same table, and in CPython's
// real GIL the rule the Go simulation follows. A thread whose sleep has ended waits a whole
// switch interval before it may ask the CPU-bound thread to let go (take_gil in
// Python/ceval_gil.c; ceval_gil.h in 3.11), so with a 20 ms interval every wait is at least about
// 20 ms.
func TestPythonParityConvoy(t *testing.T) {
	t.Parallel()
	args := []string{"-nap", "50ms", "-trips", "4"}
	gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{"convoy"}, args...), "python/convoy.py", args...)
	const rows = `switch interval  average wait for the GIL after each I/O
1ms              {{duration}}
5ms              {{duration}}
20ms             {{duration}}
`
	pyparity.Shape(t, "go run ./ch03-gil convoy", gores.Stdout,
		"a CPU-bound thread and an I/O-bound one; the I/O thread makes 4 round trips of 5ms; {{int}} cores, GOMAXPROCS={{int}}\n"+rows)
	pyparity.Shape(t, "python3 python/convoy.py", pyres.Stdout, pyparity.Golden(t, "testdata/python.txtar", "convoy-small.txt"))
	wait := map[string]float64{}
	for _, m := range waitRow.FindAllStringSubmatch(pyres.Stdout, -1) {
		wait[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	// Only a lower bound: on a loaded machine the operating system adds its own delays to any
	// row, but nothing can make the holder let go before the waiter has asked.
	if wait["20"] < 15 {
		t.Errorf("python3 python/convoy.py: average waits %v ms, want at least about 20 ms with a 20 ms interval", wait)
	}
}
