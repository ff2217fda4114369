package main

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/shape"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The table has the shape README.md's block is checked against, a failed step included, and
// says which step failed.
func TestTableHasTheDocumentedShape(t *testing.T) {
	m := machine{CPU: "Test CPU", Cores: 2, OS: "linux/amd64", Go: "go1.26.8", LoadBefore: "0.50 0.40 0.30", LoadAfter: "1.50 0.60 0.40"}
	var results []result
	for i, s := range steps("./...", "./ch01-blocking") {
		r := result{label: s.label, took: time.Duration(i+1) * 1500 * time.Millisecond}
		switch i {
		case 3:
			r.err = errors.New("exit status 1\nmore")
		case 4:
			r.err, r.failed = errors.New("exit status 1"), "ch03-gil: TestA"
		}
		results = append(results, r)
	}
	out := table(m, results)
	ar, err := txtar.ParseFile("testdata/shape.txtar")
	require.NoError(t, err)
	assert.Regexp(t, shape.Regexp(string(ar.Files[0].Data)), out, "the table does not have the shape of testdata/shape.txtar")
	for _, line := range []string{
		"load average: 0.50 0.40 0.30 before, 1.50 0.60 0.40 after\n",
		"go run ./ch01-blocking, empty build cache        1.5 s\n",
		"go test -count=1 ./... (tests rerun)             6.0 s (failed: exit status 1)\n",
		"go test -count=1 -short ./...                    7.5 s (failed: exit status 1; ch03-gil: TestA)\n",
		"go test ./... (results cached)                   9.0 s\n",
	} {
		assert.Contains(t, out, line, "the table")
	}
}

// failures names, from go test's own output (testdata/gotest-failed.txt, made by three
// packages that fail three ways), each failed package with its failed top-level tests: not
// the subtests, not tests of one package charged to the next, not the module's path, and a
// package that did not build or panicked is named too.
func TestFailuresNamesPackagesAndTests(t *testing.T) {
	out, err := os.ReadFile("testdata/gotest-failed.txt")
	require.NoError(t, err)
	assert.Equal(t, "a: TestOne, TestTwo; b: build failed; c", failures(out))
	assert.Empty(t, failures([]byte("ok  \t"+modulePath+"/a\t0.01s\n--- FAIL in a log line\n")), "a run that passed")
	assert.Equal(t, ".: TestRoot", failures([]byte("--- FAIL: TestRoot (0.00s)\nFAIL\n"+"FAIL\t"+modulePath+"\t0.1s\n")), "the module's root package")
}

func TestBadArgumentsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"-nosuch"}} {
		var stdout, stderr bytes.Buffer
		assert.Equalf(t, 2, run(args, &stdout, &stderr), "run(%q): exit status", args)
		assert.Containsf(t, stderr.String(), "usage:", "run(%q): want usage", args)
	}
}
