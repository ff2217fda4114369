package main

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/internal/pyparity"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes well under
// a second, even on a loaded machine.
const parityTimeout = 30 * time.Second

// TestPythonParityRequest runs the article's program in Python (python/blocking_request.py,
// with its own local server) and the Go demo, each with a 50 ms request, and checks that they
// print the same lines in the same order: the order is causal in both (the request holds the
// only thread), so it is compared exactly.
func TestPythonParityRequest(t *testing.T) {
	args := []string{"-delay", "50ms"}
	gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{"request"}, args...),
		"python/blocking_request.py", args...)
	pyparity.Same(t, "blocking_request.py -delay 50ms", gores.Stdout, pyres.Stdout)
	pyparity.Shape(t, "python/blocking_request.py", pyres.Stdout, `started counter
started http request
ended http request
i is 0
i is 1
i is 2
i is 3
i is 4
`)
}

// TestPythonAgainstTheGoServer points the Python program at the Go demo's own slow server
// (slowhttp), as -url lets a reader do: the Python client sees the same ordering.
func TestPythonAgainstTheGoServer(t *testing.T) {
	pyparity.Python(t)
	s, err := slowhttp.Start(30 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gores := pyparity.RunGo(t, app, parityTimeout, "request", "-delay", "30ms")
	pyres := pyparity.RunPython(t, parityTimeout, "python/blocking_request.py", "-url", s.URL)
	pyparity.Ok(t, "python3 python/blocking_request.py -url "+s.URL, pyres)
	pyparity.Same(t, "blocking_request.py -url (Go's slowhttp)", gores.Stdout, pyres.Stdout)
}

// TestPythonAsyncioDebugFindsTheBlockingCall checks the lesson's "Try this" item: asyncio's debug
// mode (PYTHONASYNCIODEBUG=1) logs a step that held the loop longer than
// loop.slow_callback_duration (100 ms) — here main's step, which made the 150 ms request.
func TestPythonAsyncioDebugFindsTheBlockingCall(t *testing.T) {
	r := pyparity.RunPythonEnv(t, parityTimeout, []string{"PYTHONASYNCIODEBUG=1"},
		"python/blocking_request.py", "-delay", "150ms")
	if r.Code != 0 {
		t.Fatalf("PYTHONASYNCIODEBUG=1 python3 python/blocking_request.py -delay 150ms: exit status %d\n%s", r.Code, r.Stderr)
	}
	pyparity.Shape(t, "PYTHONASYNCIODEBUG=1 python3 python/blocking_request.py: stderr", r.Stderr,
		pyparity.Golden(t, "testdata/python.txtar", "debug.txt"))
	m := regexp.MustCompile(` took (\d+\.\d+) seconds`).FindStringSubmatch(r.Stderr)
	if m == nil {
		return
	}
	if took, _ := strconv.ParseFloat(m[1], 64); took < 0.150 {
		t.Errorf("asyncio's debug mode says main's step took %ss, want at least the request's 0.150s", m[1])
	}
}
