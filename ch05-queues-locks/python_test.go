package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/pyparity"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes well under
// a second, even on a loaded machine.
const parityTimeout = 60 * time.Second

// section returns the lines of out from the first line starting with from up to, not including,
// the first later line starting with to ("" for the end).
func section(t *testing.T, out, from, to string) string {
	t.Helper()
	i := strings.Index(out, from)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", from, out)
	}
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
// in what it is made of (pickle, gob), so only the shape of its lines is checked.
func TestPythonParityQueues(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"queues"}, "python/queues.py")
	const end = "\na queue to another process"
	pyparity.Same(t, "queues: disciplines and asyncio.Queue", section(t, gores.Stdout, "put in this order", end),
		section(t, pyres.Stdout, "put in this order", end))
	pyparity.Shape(t, "python3 python/queues.py", section(t, pyres.Stdout, end, ""), `
a queue to another process: each message is pickled, piped, unpickled, and back
sent "hello" as {{int}} bytes, received "HELLO!" as {{int}} bytes
sent "queue" as {{int}} bytes, received "QUEUE!" as {{int}} bytes
{{any}}
`)
}

var counterLine = regexp.MustCompile(`(?m)^  no lock: +counter = (\d+) \((\d+) updates lost\)$`)

// TestPythonParityRace: on the event loop the count is exact in both languages, so those lines
// are compared exactly. Python's threads are switched by the real GIL, not by the Go demo's
// simulated core, so their loss varies: the test checks that the lock saves every update, and
// that the unlocked count and its losses add up.
func TestPythonParityRace(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"race"}, "python/race.py")
	const loop = "two coroutines on the event loop"
	pyparity.Same(t, "race: the event loop", section(t, gores.Stdout, loop, ""), section(t, pyres.Stdout, loop, ""))
	pyparity.Shape(t, "python3 python/race.py", section(t, pyres.Stdout, "two threads", loop), `two threads, 1000 increments each, time.sleep(0) between read and write:
  no lock:              counter = {{int}}{{any}}
  threading.Lock:       counter = 2000
`)
	if m := counterLine.FindStringSubmatch(pyres.Stdout); m != nil {
		v, _ := strconv.Atoi(m[1])
		lost, _ := strconv.Atoi(m[2])
		if v+lost != 2000 {
			t.Errorf("python3 python/race.py: counter %d + %d lost = %d, want 2000", v, lost, v+lost)
		}
	}
}

// TestPythonParityPool: the same numbers, the same answers, the same table; only the times
// (and Python's thread pool where Go has a goroutine pool) differ.
func TestPythonParityPool(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"pool", "-small", "-workers", "2"},
		"python/pool.py", "-small", "-workers", "2")
	const answers = "         999999937  prime\n         929149187  composite\n         999998981  prime\n         999999999  composite\n2 primes, 2 composites\n"
	for _, r := range []struct{ what, out, pool, same string }{
		{"go run ./ch05-queues-locks pool -small -workers 2", gores.Stdout, "goroutine pool (2):", "true"},
		{"python3 python/pool.py -small -workers 2", pyres.Stdout, "thread pool (2):   ", "True"},
	} {
		pyparity.Shape(t, r.what, r.out, `checking 4 numbers for primes by trial division; {{int}} cores
`+answers+`sequential:            {{duration}}
`+r.pool+`    {{duration}}  {{float}}x
process pool (2):      {{duration}}  {{float}}x (including starting the processes)
every way gave the same answers: `+r.same+`
`)
	}
}

// TestPythonParityStop: the poison pills. Every answer and every error comes back, sorted by
// job, and every worker takes its pill; a Go panic is a Python exception, so job 4's line is
// matched by its message.
func TestPythonParityStop(t *testing.T) {
	t.Parallel()
	gores, pyres := pyparity.Both(t, parityTimeout, app, []string{"stop"}, "python/stop.py")
	const pill, next = "1. a poison pill per worker", "\n2. closing"
	bad4 := regexp.MustCompile(`(?m)^  job 4: error: .*bad input 4$`)
	norm := func(s string) string {
		s = bad4.ReplaceAllString(s, "  job 4: error: ... bad input 4")
		return strings.Replace(s, "error: PermissionError: ", "error: ", 1)
	}
	pyparity.Same(t, "stop: poison pills", norm(section(t, gores.Stdout, pill, next)), norm(section(t, pyres.Stdout, pill, "")))
}
