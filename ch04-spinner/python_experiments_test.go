package main

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The experiments in python/experiments.py decide three claims of the lesson about CPython on
// Linux; each test runs one and checks its output, which the lesson shows from
// testdata/python.txtar.

// linuxOnly skips a test whose expected answers are Linux's (the main thread's native_id is the
// process ID; the default start method is fork, then forkserver).
func linuxOnly(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("the expected answers are Linux's, not %s's", runtime.GOOS)
	}
}

// TestPythonIdentIsThePthreadHandle: a Thread's ident is pthread_self()'s value, not the
// kernel's thread ID; native_id (3.8+) is, and the main thread's equals the process ID.
func TestPythonIdentIsThePthreadHandle(t *testing.T) {
	linuxOnly(t)
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "ident")
	pyparity.Ok(t, "python3 python/experiments.py ident", r)
	pyparity.Same(t, "python3 python/experiments.py ident", golden.Read(t, "testdata/python.txtar", "experiments-ident.txt"), r.Stdout)
}

// forkExpected is what python/experiments.py fork prints on CPython major.minor: Linux's
// default start method is fork through 3.13 and forkserver from 3.14, and os.fork() in a
// process with more than one thread warns (DeprecationWarning) from 3.12.
func forkExpected(major, minor int) string {
	method, warning := "fork", "no warning"
	if major > 3 || minor >= 14 {
		method = "forkserver"
	}
	if major > 3 || minor >= 12 {
		warning = "DeprecationWarning"
	}
	return fmt.Sprintf("CPython %d.%d: default start method '%s'\nos.fork() with a second thread running: %s\n", major, minor, method, warning)
}

// The lesson shows a run on 3.11, the book's Python.
func TestForkExperimentGoldenIsThreeEleven(t *testing.T) {
	assert.Equal(t, forkExpected(3, 11), golden.Read(t, "testdata/python.txtar", "experiments-fork.txt"), "testdata/python.txtar experiments-fork.txt, against what 3.11 prints")
}

var pyMinor = regexp.MustCompile(`^CPython (\d+)\.(\d+):`)

// TestPythonForkStartMethodAndWarning checks the default start method and the fork warning
// against the running Python's version.
func TestPythonForkStartMethodAndWarning(t *testing.T) {
	linuxOnly(t)
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "fork")
	m := pyMinor.FindStringSubmatch(r.Stdout)
	require.NotNilf(t, m, "python3 python/experiments.py fork: no version line in %q (stderr %q)", r.Stdout, r.Stderr)
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	pyparity.Same(t, "python3 python/experiments.py fork", forkExpected(major, minor), r.Stdout)
}

// TestPythonProcessesCanShareMemory: a multiprocessing.Value written by a child is read by its
// parent: processes share nothing unless they ask to.
func TestPythonProcessesCanShareMemory(t *testing.T) {
	t.Parallel()
	r := pyparity.RunPython(t, parityTimeout, "python/experiments.py", "shared")
	pyparity.Ok(t, "python3 python/experiments.py shared", r)
	pyparity.Same(t, "python3 python/experiments.py shared", golden.Read(t, "testdata/python.txtar", "experiments-shared.txt"), r.Stdout)
}
