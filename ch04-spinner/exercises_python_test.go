package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/concurrency-models/book/internal/pyparity"
)

// TestPythonPortBroadcast runs the Python program that exercise 4.4 ports to Go and checks that
// it prints exactly what the exercise's README shows. Its one timing has wide margins: slow's
// 0.3 s against a 1 s tick (one frame each), and the spinners must stop within half a tick of
// the set.
func TestPythonPortBroadcast(t *testing.T) {
	t.Parallel()
	const readme, cmd = "exercises/4-port-broadcast/README.md", "python3 ch04-spinner/python/spinners.py"
	r := pyparity.RunPython(t, parityTimeout, "python/spinners.py")
	pyparity.Ok(t, cmd, r)
	if want := pyparity.Block(t, readme, cmd); r.Stdout != want {
		t.Errorf("%s printed what %s does not show (-README +printed):\n%s", cmd, readme, cmp.Diff(want, r.Stdout))
	}
}
