package main

import (
	"regexp"
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

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes well under
// a second, even on a loaded machine.
const parityTimeout = 60 * time.Second

// section returns the lines of out from the first line starting with from up to, not including,
// the first later line starting with to ("" for the end).
func section(t *testing.T, out, from, to string) string {
	t.Helper()
	require.Contains(t, out, from)
	i := strings.Index(out, from)
	out = out[i:]
	if to != "" {
		if j := strings.Index(out, to); j >= 0 {
			out = out[:j]
		}
	}
	return out
}

// TestPythonParityQueues: the three disciplines and asyncio.Queue's interleaving follow from the
// code alone, so Python's lines must be the Go demo's, exactly. The queue to a process differs
// in what it is made of (pickle, gob); Python's whole output is checked against
// testdata/python.txtar, which the lesson shows.
func TestPythonParityQueues(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"queues"}, "python/queues.py")
	const end = "\na round trip to another process"
	pyparity.Same(t, "queues: disciplines and asyncio.Queue", section(t, gores.Stdout, "put in this order", end),
		section(t, pyres.Stdout, "put in this order", end))
	pyparity.Shape(t, "python3 python/queues.py", pyres.Stdout, golden.Read(t, "testdata/python.txtar", "queues.txt"))
}

var counterLine = regexp.MustCompile(`(?m)^  no lock: +counter = (\d+) \((\d+) updates lost\)$`)

// TestPythonParityRace: on the event loop the count is exact in both languages, so those lines
// are compared exactly. Python's threads are switched by the real GIL, not by the Go demo's
// simulated core, so their loss varies: the test checks that the lock saves every update, that
// without it some are lost (time.sleep(0) between read and write releases the GIL there, and
// in practice about half are lost), and that the count and its losses add up.
func TestPythonParityRace(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"race"}, "python/race.py")
	const loop = "two coroutines on the event loop"
	pyparity.Same(t, "race: the event loop", section(t, gores.Stdout, loop, ""), section(t, pyres.Stdout, loop, ""))
	pyparity.Shape(t, "python3 python/race.py", pyres.Stdout, golden.Read(t, "testdata/python.txtar", "race.txt"))
	m := counterLine.FindStringSubmatch(pyres.Stdout)
	require.NotNilf(t, m, "python3 python/race.py: no line %q, with updates lost, in:\n%s", counterLine, pyres.Stdout)
	v, _ := strconv.Atoi(m[1])
	lost, _ := strconv.Atoi(m[2])
	assert.Positive(t, lost, "python3 python/race.py: updates lost, want some")
	assert.Equalf(t, 2000, v+lost, "python3 python/race.py: counter %d + %d lost", v, lost)
}

// TestPythonParityPool: the same numbers, the same answers, the same table; only the times
// (and Python's thread pool where Go has a goroutine pool) differ.
func TestPythonParityPool(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"pool", "-small", "-workers", "2"},
		"python/pool.py", "-small", "-workers", "2")
	pyparity.Shape(t, "python3 python/pool.py -small -workers 2", loadavg.StripWarning(pyres.Stdout), golden.Read(t, "testdata/python.txtar", "pool-small.txt"))
	pyparity.Same(t, "pool: the answers", section(t, gores.Stdout, "         999999937", "sequential:"),
		section(t, pyres.Stdout, "         999999937", "sequential:"))
}

// TestPythonParityStop: the poison pills. Every answer and every error comes back, sorted by
// job, and every worker takes its pill; a Go panic is a Python exception, so job 4's line is
// matched by its message, and the pill is None in Python where Go's is nil.
func TestPythonParityStop(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"stop"}, "python/stop.py")
	const pill, next = "1. a poison pill", "\n2. closing"
	bad4 := regexp.MustCompile(`(?m)^  job 4: error: .*bad input 4$`)
	norm := func(s string) string {
		s = bad4.ReplaceAllString(s, "  job 4: error: ... bad input 4")
		s = strings.Replace(s, "a poison pill (None)", "a poison pill (nil)", 1) // each language's "no job"
		return strings.Replace(s, "error: PermissionError: ", "error: ", 1)
	}
	pyparity.Same(t, "stop: poison pills", norm(section(t, gores.Stdout, pill, next)), norm(section(t, pyres.Stdout, pill, "")))
	pyparity.Shape(t, "python3 python/stop.py", pyres.Stdout, golden.Read(t, "testdata/python.txtar", "stop.txt"))
}

// TestPythonPoolWarnsWhenBusy runs python/pool.py on a pretended busy machine and a pretended
// quiet one (LOADAVG_FILE, which the Python programs read as the Go demos do): right under its
// first line it prints the Go demos' busy-machine warning in the first case, and nothing in the
// second.
func TestPythonPoolWarnsWhenBusy(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs python/pool.py twice")
	}
	t.Parallel()
	pyparity.WarnsWhenBusy(t, parityTimeout, "python/pool.py", "-small", "-workers", "1")
}
