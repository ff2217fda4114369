package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestLostUpdatesAreExact(t *testing.T) {
	for _, n := range []int{1, 10, 1000} {
		assert.EqualValues(t, n, lostUpdates(n), "no lock: half the updates are lost")
		assert.EqualValues(t, 2*n, lockedUpdates(n), "mutex: none is")
		got, err := loopUpdates(context.Background(), n, false)
		require.NoError(t, err)
		assert.Equal(t, 2*n, got, "loop, no await inside: none is")
		got, err = loopUpdates(context.Background(), n, true)
		require.NoError(t, err)
		assert.Equal(t, n, got, "loop, await inside: half are")
	}
}

func TestStoppingWorkersLosesNoResult(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent()) // every worker and feeder returned
	jobs := []int{1, 2, 3, 4, 5, 6}
	for name, run := range map[string]func(int, []int) []answer{"pill": pillWorkers, "close": closeWorkers} {
		got := run(3, jobs)
		require.Len(t, got, 6, name)
		var b bytes.Buffer
		printAnswers(&b, got)
		assert.Equal(t, "  job 1: 1\n  job 2: 4\n  job 3: 9\n  job 4: error: worker panicked: bad input 4\n  job 5: error: 5 is not allowed\n  job 6: 36\n", b.String(), name)
	}
	for range 20 {
		many := make([]int, 1000)
		for i := range many {
			many[i] = 6 + i
		}
		got, fed := ctxWorkers(3, many, 2)
		assert.Len(t, got, 2)
		assert.LessOrEqual(t, fed, 8, "at most 2 answered + 3 held + 3 taken after the cancel")
	}
}

func TestEveryPoolGivesTheSameAnswers(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	want := []bool{true, false, true, false}
	for i, n := range smallNumbers {
		p, err := isPrime(n)
		require.NoError(t, err)
		assert.Equal(t, want[i], p, n)
	}
	gp := goroutinePool(smallNumbers, 3)
	pp, err := processPool(context.Background(), smallNumbers, 2)
	require.NoError(t, err)
	for i := range smallNumbers {
		assert.Equal(t, want[i], gp[i].prime)
		assert.Equal(t, want[i], pp[i].prime)
	}
}

func TestIsPrimeSmallCases(t *testing.T) {
	var primes []int64
	for n := int64(-1); n < 30; n++ {
		if p, _ := isPrime(n); p {
			primes = append(primes, n)
		}
	}
	assert.Equal(t, []int64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29}, primes)
}

func TestLockContentionKeepsTheCount(t *testing.T) {
	for _, g := range []int{1, 4} {
		_, _, n := lockContention(g, 10_000)
		assert.Equal(t, 10_000, n)
	}
}

// The racy counter is a real data race, which the race detector reports. This builds and runs
// testdata/racy with -race, so it needs the go command; it is skipped with -short.
func TestRaceDetectorReportsTheRacyCounter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program with -race")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command(goTool, "run", "-race", ".")
	cmd.Dir = "testdata/racy"
	cmd.Env = append(cmd.Environ(), "GORACE=halt_on_error=0")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "a program with a race exits with status 66")
	s := string(out)
	for _, want := range []string{"WARNING: DATA RACE", "main.main.func1()", "exit status 66"} {
		assert.True(t, strings.Contains(s, want), "%q not in:\n%s", want, s)
	}
	// Usually one report; a second, for the same line, when both goroutines write at once.
	assert.Regexp(t, `Found [12] data race\(s\)`, s)
}
