package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
)

// TestPythonPortSemaphore runs the Python program that exercise 3.4 ports to Go and checks that
// it prints exactly what the exercise's README shows: a count, and a pool that by construction
// never uses more processes than CPUs. Nothing in it depends on timing.
func TestPythonPortSemaphore(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: counts primes in pure Python")
	}
	t.Parallel()
	const readme, cmd = "exercises/4-port-semaphore/README.md", "python3 ch03-gil/python/primes_pool.py"
	r := pyparity.RunPython(t, parityTimeout, "python/primes_pool.py")
	pyparity.Ok(t, cmd, r)
	assert.Equalf(t, pyparity.Block(t, readme, cmd), r.Stdout, "%s printed what %s does not show (expected: the README)", cmd, readme)
}
