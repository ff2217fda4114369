package main

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The experiments in python/experiments.py decide three claims of the lesson about CPython; each
// test runs one and checks its output against testdata/python.txtar, which the lesson shows.

// TestPythonQueueJoinWaitsForEveryItemPut: queue.Queue.join() counts the items put, not the items
// taken. With two put, one taken and marked done, join() still waits; once the second is done,
// it returns. (A join that waited only for the items taken would print "returned: yes" first.)
func TestPythonQueueJoinWaitsForEveryItemPut(t *testing.T) {
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "join")
	pyparity.Ok(t, "python3 python/experiments.py join", r)
	pyparity.Shape(t, "python3 python/experiments.py join", r.Stdout, golden.Read(t, "testdata/python.txtar", "experiments-join.txt"))
}

var (
	pyVersion = regexp.MustCompile(`(?m)^CPython (\d+)\.(\d+), the GIL (enabled|disabled);`)
	lostLine  = regexp.MustCompile(`(?m)^  (.+?): +(\d+(?: \d+)*)$`)
)

// TestPythonLostUpdatesNeedASwitchPoint: why race.py needs time.sleep(0). Since CPython 3.10 a
// thread is asked to drop the GIL only where the interpreter checks its eval breaker — at the
// start of a function, a backward jump, a call — so two threads doing `counter += 1`, with the
// shortest switch interval, lose nothing; with a call between the read and the write, they
// lose updates. The first half holds for 3.10 and later with the GIL; before 3.10, or on a
// free-threaded build, updates are lost either way, and the test only checks that the second
// half loses some. 200,000 increments a thread, three runs of each loop, show it in a few seconds.
func TestPythonLostUpdatesNeedASwitchPoint(t *testing.T) {
	t.Parallel()
	const what = "python3 python/experiments.py switch -increments 200000"
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "switch", "-increments", "200000")
	pyparity.Ok(t, what, r)
	v := pyVersion.FindStringSubmatch(r.Stdout)
	lost := lostLine.FindAllStringSubmatch(r.Stdout, -1)
	require.NotNilf(t, v, "%s: want a version line and two counts, got:\n%s", what, r.Stdout)
	require.Lenf(t, lost, 2, "%s: want a version line and two counts, got:\n%s", what, r.Stdout)
	major, _ := strconv.Atoi(v[1])
	minor, _ := strconv.Atoi(v[2])
	counts := func(line string) []int {
		var n []int
		for _, f := range strings.Fields(line) {
			v, _ := strconv.Atoi(f)
			n = append(n, v)
		}
		return n
	}
	plain, withCall := counts(lost[0][2]), counts(lost[1][2])
	// A run can lose nothing if one thread gets through its loop before the other is given the
	// GIL (on a very busy machine), so this half asks for losses in some run, not in each.
	assert.Truef(t, slices.ContainsFunc(withCall, func(n int) bool { return n > 0 }),
		"%s: a call between read and write lost no update in any run, want some:\n%s", what, r.Stdout)
	if (major > 3 || minor >= 10) && v[3] == "enabled" {
		assert.Falsef(t, slices.ContainsFunc(plain, func(n int) bool { return n != 0 }),
			"%s: `counter += 1` lost updates on CPython %s.%s with the GIL (%v), want 0 in every run:\n%s", what, v[1], v[2], plain, r.Stdout)
		pyparity.Shape(t, what, r.Stdout, golden.Read(t, "testdata/python.txtar", "experiments-switch.txt"))
	}
}

// TestPythonJoiningBeforeReadingAQueueDeadlocks: the multiprocessing documentation's "joining
// processes that use queues". A child's put() hands the item to a feeder thread, and the child
// cannot end until that thread has written it all to the pipe. 100 bytes fit in the pipe, so
// the child ends before anyone reads; 1 MiB does not, so join() waits until the parent reads.
// The child signals once its put() has returned, so "still alive" is not a matter of speed.
func TestPythonJoiningBeforeReadingAQueueDeadlocks(t *testing.T) {
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "feeder")
	pyparity.Ok(t, "python3 python/experiments.py feeder", r)
	pyparity.Shape(t, "python3 python/experiments.py feeder", r.Stdout, golden.Read(t, "testdata/python.txtar", "experiments-feeder.txt"))
}

// TestPythonPhrasebook: the Python side of the phrasebook's rows (docs/phrasebook.md), whose Go
// side phrasebook_test.go checks. Every line follows from the code.
func TestPythonPhrasebook(t *testing.T) {
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/phrasebook.py")
	pyparity.Ok(t, "python3 python/phrasebook.py", r)
	pyparity.Shape(t, "python3 python/phrasebook.py", r.Stdout, golden.Read(t, "testdata/python.txtar", "phrasebook.txt"))
}
