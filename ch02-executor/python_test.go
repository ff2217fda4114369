package main

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/loadavg"
	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes a second
// or two at most, even on a loaded machine.
const parityTimeout = 60 * time.Second

// TestPythonParityExecutor runs the article's run_in_executor program and the Go demo with the
// golden script's margins scaled down (a 1 s request, a counter of five 20 ms ticks): the worker
// thread starts within microseconds, long before the first tick, and the counter's 100 ms are a
// tenth of the request. Both must print the same lines in the same order.
func TestPythonParityExecutor(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: waits for a one-second request")
	}
	t.Parallel()
	args := []string{"-delay", "1s", "-tick", "20ms"}
	gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{"executor"}, args...), "python/executor.py", args...)
	pyparity.Same(t, "executor.py -delay 1s -tick 20ms", gores.Stdout, pyres.Stdout)
	pyparity.Shape(t, "python/executor.py", pyres.Stdout, `started counter
started http request
i is 0
i is 1
i is 2
i is 3
i is 4
ended http request
`)
}

// TestPythonParityStart: create_task versus run_in_executor. Every line's place is causal in
// both programs, so the outputs are compared exactly.
func TestPythonParityStart(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"start"}, "python/start.py")
	pyparity.Same(t, "start", gores.Stdout, pyres.Stdout)
}

// TestPythonParityFuture: the futures' states come in the same order, each state certain (only
// the loop completes a future, and main holds the loop until it awaits). Where the two languages
// differ — Python prints True where Go prints true, an exception's repr, a bug that raises where
// Go's job panics — the lines are matched by shape.
func TestPythonParityFuture(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"future"}, "python/future.py")
	pyparity.Shape(t, "go run ./ch02-executor future", gores.Stdout, `submitted:   <Future pending> (done: false)
awaited:     <Future finished result=42> (done: true)
await gives: 42, <nil>
submitted:   <Future pending>
awaited:     <Future finished exception=the answer is not ready>
await gives: error "the answer is not ready"
a panic:     <Future finished exception=panic in executor job: {{any}}>
await gives: a *PanicError: true; the loop is still running
`)
	pyparity.Shape(t, "python3 python/future.py", pyres.Stdout, golden.Read(t, "testdata/python.txtar", "future.txt"))
}

// TestPythonParityCPU runs the CPU-bound table in both languages on small chunks. The times are
// measured, so they are matched by shape; what is exact is that each way computed the same
// results — and that Python's burn computes the very numbers Go's does, modulo 2**64.
func TestPythonParityCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: burns a few million rounds of pure Python")
	}
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"cpu", "-rounds", "1", "-workers", "2"},
		"python/cpu.py", "-rounds", "1", "-workers", "2")
	pyparity.Shape(t, "go run ./ch02-executor cpu -rounds 1 -workers 2", loadavg.StripWarning(gores.Stdout), `CPU-bound work: 2 chunks of 1 million rounds, best of 3 runs; {{int}} cores, GOMAXPROCS={{int}}
sequential         {{any}}{{duration}}        slowest run +{{int}}%
thread pool (2)    {{any}}{{duration}}  {{float}}x  slowest run +{{int}}%
process pool (2)   {{any}}{{duration}}  {{float}}x  slowest run +{{int}}%  (+{{duration}} to start; sent {{int}} B, received {{int}} B)
goroutines (2)     {{any}}{{duration}}  {{float}}x  slowest run +{{int}}%
all four computed the same results: true
`)
	pyparity.Shape(t, "python3 python/cpu.py -rounds 1 -workers 2", loadavg.StripWarning(pyres.Stdout), golden.Read(t, "testdata/python.txtar", "cpu-small.txt"))

	want, err := burn(t.Context(), 1)
	require.NoError(t, err)
	r := pyparity.RunPython(t, parityTimeout, "-c", "import sys; sys.path.insert(0, 'python'); import cpu; print(cpu.burn(1))")
	pyparity.Ok(t, "python3 -c 'print(cpu.burn(1))'", r)
	assert.Equal(t, strconv.FormatUint(want, 10), strings.TrimSpace(r.Stdout), "Python's burn(1) (expected: Go's)")
}

// TestPythonCPUWarnsWhenBusy runs python/cpu.py on a pretended busy machine and a pretended
// quiet one (LOADAVG_FILE, which the Python programs read as the Go demos do): right under its
// first line it prints the Go demos' busy-machine warning in the first case, and nothing in the
// second.
func TestPythonCPUWarnsWhenBusy(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs python/cpu.py twice")
	}
	t.Parallel()
	pyparity.WarnsWhenBusy(t, parityTimeout, "python/cpu.py", "-rounds", "1", "-workers", "1")
}

// TestPythonShortSleepLastsAMillisecond is the Python half of executor's
// TestAShortPauseLastsAMillisecond, which docs/benchmarks.md's "a shorter pause would not be
// shorter" rests on: asyncio's selector rounds its timeout up to the millisecond, so
// asyncio.sleep(0.0001) on an idle loop lasts a millisecond or more. The median of 21, after a
// 20 ms settling sleep, must be at least 0.8 ms. Linux: the claim is about epoll.
func TestPythonShortSleepLastsAMillisecond(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the claim is about epoll, on Linux")
	}
	const script = `import asyncio, time
async def main():
    await asyncio.sleep(0.02)
    ds = []
    for _ in range(21):
        t0 = time.perf_counter()
        await asyncio.sleep(0.0001)
        ds.append(time.perf_counter() - t0)
    print(sorted(ds)[len(ds) // 2] * 1e6)
asyncio.run(main())`
	r := pyparity.RunPython(t, parityTimeout, "-c", script)
	pyparity.Ok(t, "python3 -c (21 sleeps of 100 µs)", r)
	us, err := strconv.ParseFloat(strings.TrimSpace(r.Stdout), 64)
	require.NoError(t, err, "the script's output: %q", r.Stdout)
	assert.GreaterOrEqualf(t, us, 800.0, "asyncio.sleep(0.0001) on an idle loop took %.0f µs (median): shorter than a millisecond", us)
}
