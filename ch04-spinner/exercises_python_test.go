package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
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
	assert.Equalf(t, pyparity.Block(t, readme, cmd), r.Stdout, "%s printed what %s does not show (expected: the README)", cmd, readme)
}
