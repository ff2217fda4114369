package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
)

// TestPythonPortErrgroup runs the Python program that exercise 2.4 ports to Go and checks that it
// prints exactly what the exercise's README shows. The lists are sorted before printing; what
// decides them is causal (download 3 sets the stop event before its thread takes the next item)
// but for one margin: downloads 4 and 5 see the event at 0.3 s, long before they end at 0.6 s.
func TestPythonPortErrgroup(t *testing.T) {
	t.Parallel()
	const readme, cmd = "exercises/4-port-errgroup/README.md", "python3 ch02-executor/python/pool_first_error.py"
	r := pyparity.RunPython(t, parityTimeout, "python/pool_first_error.py")
	pyparity.Ok(t, cmd, r)
	assert.Equalf(t, pyparity.Block(t, readme, cmd), r.Stdout, "%s printed what %s does not show (expected: the README)", cmd, readme)
}
