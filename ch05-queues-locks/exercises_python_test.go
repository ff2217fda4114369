package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
)

// TestPythonPortPipeline runs the Python program that exercise 5.4 ports to Go and checks that it
// prints exactly what the exercise's README shows. Nothing in it depends on timing: the squares
// are sorted, and the sentinels are counted.
func TestPythonPortPipeline(t *testing.T) {
	t.Parallel()
	const readme, cmd = "exercises/4-port-pipeline/README.md", "python3 ch05-queues-locks/python/pipeline.py"
	r := pyparity.RunPython(t, parityTimeout, "python/pipeline.py")
	pyparity.Ok(t, cmd, r)
	assert.Equalf(t, pyparity.Block(t, readme, cmd), r.Stdout, "%s printed what %s does not show (expected: the README)", cmd, readme)
}
