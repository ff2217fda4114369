package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
)

// TestPythonPortWaitFor runs the Python program that exercise 1.4 ports to Go and checks that it
// prints exactly what the exercise's README shows. Its order is causal with 0.2 s margins: the
// requests end at 0.1, 0.3 and 0.5 s (the limit), and the caller cancels the fourth at 0.1 s.
func TestPythonPortWaitFor(t *testing.T) {
	t.Parallel()
	const readme, cmd = "exercises/4-port-wait-for/README.md", "python3 ch01-blocking/python/wait_for_gather.py"
	r := pyparity.RunPython(t, parityTimeout, "python/wait_for_gather.py")
	pyparity.Ok(t, cmd, r)
	assert.Equalf(t, pyparity.Block(t, readme, cmd), r.Stdout, "%s printed what %s does not show (expected: the README)", cmd, readme)
}
