package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/shape"
	"github.com/concurrency-models/book/internal/testdeadline"
)

func TestLostUpdatesAreExact(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "lostUpdates, lockedUpdates or loopUpdates")()
	for _, n := range []int{1, 10, 1000} {
		v, err := lostUpdates(t.Context(), n)
		require.NoError(t, err)
		assert.EqualValues(t, n, v, "no lock: half the updates are lost")
		v, err = lockedUpdates(t.Context(), n)
		require.NoError(t, err)
		assert.EqualValues(t, 2*n, v, "mutex: none is")
		got, err := loopUpdates(t.Context(), n, false)
		require.NoError(t, err)
		assert.Equal(t, 2*n, got, "loop, no await inside: none is")
		got, err = loopUpdates(t.Context(), n, true)
		require.NoError(t, err)
		assert.Equal(t, n, got, "loop, await inside: half are")
	}
}

// Ctrl-C stops the simulated threads at once, however many increments they were asked for: each
// looks at its context every checkCtxEvery increments, and the demo prints nothing more.
func TestTheRaceDemoHonoursTheContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "lostUpdates, lockedUpdates or raceDemo with a cancelled context")()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, f := range map[string]func(context.Context, int) (int64, error){"lostUpdates": lostUpdates, "lockedUpdates": lockedUpdates} {
		v, err := f(ctx, 1_000_000)
		require.ErrorIs(t, err, context.Canceled, name)
		assert.Zero(t, v, "%s: a thread looks at its context before its first increment", name)
	}
	defer func(n int) { config.increments = n }(config.increments)
	config.increments = 1_000_000
	var out bytes.Buffer
	require.ErrorIs(t, raceDemo(ctx, &out), context.Canceled)
	assert.Equal(t, "two threads, 1000000 increments each, switched between read and write:\n", out.String(), "nothing after the interrupt")
}

func TestStoppingWorkersLosesNoResult(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "pillWorkers, closeWorkers or ctxWorkers")()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent()) // every worker and feeder returned
	jobs := []int{1, 2, 3, 4, 5, 6}
	for name, run := range map[string]func(crew, []int) ([]answer, int){"pill": pillWorkers, "close": closeWorkers} {
		got, stopped := run(crew{workers: 3}, jobs)
		assert.Equal(t, 3, stopped, name)
		var b bytes.Buffer
		printAnswers(&b, got)
		assert.Equal(t, "  job 1: 1\n  job 2: 4\n  job 3: 9\n  job 4: error: worker panicked: bad input 4\n  job 5: error: 5 is not allowed\n  job 6: 36\n", b.String(), name)
	}
	for range 20 {
		many := make([]int, 1000)
		for i := range many {
			many[i] = 6 + i
		}
		got, fed, stopped := ctxWorkers(crew{workers: 3}, many, 2)
		assert.Len(t, got, 2)
		assert.Equal(t, 3, stopped)
		assert.LessOrEqual(t, fed, 2+3, "2 answered + at most 1 held by each worker")
		assert.GreaterOrEqual(t, fed, 2)
	}
}

// Under load — many jobs, more workers than cores, panics and failures mixed in — the pill and
// the closed channel still deliver every answer exactly once, and every worker returns.
func TestStoppingWorkersUnderLoad(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "pillWorkers, closeWorkers or ctxWorkers under load")()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	jobs := make([]int, 5000)
	for i := range jobs {
		jobs[i] = i + 1 // job 4 panics, job 5 fails
	}
	for name, run := range map[string]func(crew, []int) ([]answer, int){"pill": pillWorkers, "close": closeWorkers} {
		got, stopped := run(crew{workers: 16}, jobs)
		assert.Equal(t, 16, stopped, name)
		require.Len(t, got, len(jobs), name)
		for i, a := range got {
			require.Equal(t, i+1, a.job, name)
			switch a.job {
			case 4, 5:
				assert.Error(t, a.err, name)
			default:
				assert.Equal(t, a.job*a.job, a.value, name)
			}
		}
	}
	for range 5 {
		got, fed, stopped := ctxWorkers(crew{workers: 16}, jobs[5:], 100)
		assert.Len(t, got, 100)
		assert.Equal(t, 16, stopped)
		assert.LessOrEqual(t, fed, 100+16)
	}
}

// A panicking job is reported as that job's error, and the worker that ran it carries on.
func TestSafelyTurnsAPanicIntoAnError(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	_, err := safely(4)
	assert.EqualError(t, err, "worker panicked: bad input 4")
	v, err := safely(7)
	require.NoError(t, err)
	assert.Equal(t, 49, v)
}

func TestEveryPoolGivesTheSameAnswers(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "goroutinePool or processPool")()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	want := []bool{true, false, true, false}
	for i, n := range quickNumbers {
		p, err := isPrime(t.Context(), n)
		require.NoError(t, err)
		assert.Equal(t, want[i], p, n)
	}
	gp := goroutinePool(t.Context(), quickNumbers, 3)
	pp, err := processPool(t.Context(), quickNumbers, 2)
	require.NoError(t, err)
	for i := range quickNumbers {
		assert.Equal(t, want[i], gp[i].prime)
		assert.Equal(t, want[i], pp[i].prime)
	}
}

func TestIsPrimeSmallCases(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var primes []int64
	for n := int64(-1); n < 30; n++ {
		if p, _ := isPrime(t.Context(), n); p {
			primes = append(primes, n)
		}
	}
	assert.Equal(t, []int64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29}, primes)
}

func TestLockContentionKeepsTheCount(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "lockContention")()
	for _, g := range []int{1, 4} {
		_, _, _, n := lockContention(g, 10_000)
		assert.Equal(t, 10_000, n)
	}
}

// The racy counter is a real data race, which the race detector reports. This builds
// testdata/racy with -race and runs it twice: by default, when the detector reports the race
// and lets the program go on, to exit with status 66 at the end; and with
// GORACE=halt_on_error=1, when it stops the program at the first report, with the same status.
// Skipped with -short.
func TestRaceDetectorReportsTheRacyCounter(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("builds a program with -race")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "racy")
	build := exec.CommandContext(t.Context(), goTool, "build", "-race", "-o", bin, ".")
	build.Dir = "testdata/racy"
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build -race:\n%s", out)
	a, err := txtar.ParseFile("testdata/racy.txtar")
	require.NoError(t, err)
	shapes := map[string]string{}
	for _, f := range a.Files {
		shapes[f.Name] = string(f.Data)
	}
	for _, run := range []struct{ shape, gorace string }{
		{"report.txt", "atexit_sleep_ms=0"},
		{"halt.txt", "halt_on_error=1 atexit_sleep_ms=0"},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		cmd := exec.CommandContext(ctx, bin)
		cmd.Env = append(os.Environ(), "GORACE="+run.gorace)
		out, err := cmd.CombinedOutput()
		cancel()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, "GORACE=%s", run.gorace)
		// What go run adds after a program that failed.
		got := fmt.Sprintf("%sexit status %d\n", out, ee.ExitCode())
		assert.Regexp(t, shape.Regexp(shapes[run.shape]), got, "GORACE=%s: the shape of %s", run.gorace, run.shape)
		assert.Equal(t, 66, ee.ExitCode(), "GORACE=%s: a program in which the detector found a race exits with status 66", run.gorace)
		if run.shape == "report.txt" {
			// Usually one report; a second, for the same line, when both goroutines wrote at once.
			assert.Regexp(t, `Found [12] data race\(s\)`, string(out))
		}
	}
}

// The mutex profile blames the Unlock that kept another goroutine waiting: exactly one event,
// at the line of oneContendedUnlock marked "the contended unlock".
func TestTheMutexProfileBlamesTheContendedUnlock(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.SetMutexProfileFraction(runtime.SetMutexProfileFraction(1))
	src, err := os.ReadFile("contention.go")
	require.NoError(t, err)
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "mu.Unlock() // the contended unlock") {
			line = i + 1
		}
	}
	require.NotZero(t, line)
	sites, err := oneContendedUnlock(t.Context())
	require.NoError(t, err)
	site := fmt.Sprintf("oneContendedUnlock (contention.go:%d)", line)
	assert.Equal(t, map[string]int64{site: 1}, sites)
	// The golden pins the line number: say where to update it when the line moves.
	golden, err := os.ReadFile("testdata/script/contention.txtar")
	require.NoError(t, err)
	assert.Contains(t, string(golden), "contended unlock at "+site+"\n", "testdata/script/contention.txtar: the Unlock moved; update the golden and the lesson's contention block")
}

// With the profile off, nothing is recorded: the fraction is what turns it on. The rate starts
// at 0 unless the test binary was asked for a mutex profile (go test -mutexprofile, as the
// lesson's "Try this" suggests), which sets it to 1 before any test runs.
func TestTheMutexProfileIsOffByDefault(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if f := flag.Lookup("test.mutexprofile"); f != nil && f.Value.String() != "" {
		t.Skipf("-mutexprofile %s turned the mutex profile on before the tests ran; run without it to see the default", f.Value)
	}
	require.Zero(t, runtime.SetMutexProfileFraction(-1), "the rate starts at 0")
	sites, err := oneContendedUnlock(t.Context())
	require.NoError(t, err)
	assert.Empty(t, sites)
}

// Waiting for a goroutine to park gives up as soon as the context is done, even when no
// goroutine will ever park: nothing runs the function named here.
func TestUntilParkedInLockHonoursTheContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	testdeadline.Within(t, testdeadline.Short, "untilParkedInLock with a cancelled context", func() {
		assert.ErrorIs(t, untilParkedInLock(ctx, "noSuchFunctionEverParks"), context.Canceled)
	})
}

// Cancelling the context while the holder waits for the waiter to park stops the demo cleanly:
// the waiter may or may not have parked before the first look, and either way it ends.
func TestOneContendedUnlockHonoursTheContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	testdeadline.Within(t, testdeadline.Short, "oneContendedUnlock with a cancelled context", func() {
		if _, err := oneContendedUnlock(ctx); err != nil {
			assert.ErrorIs(t, err, context.Canceled)
		}
	})
}

// The exit statuses the scripts cannot see: 2 for each kind of bad input, 0 for -h, 130 when
// the context is cancelled during a demo.
func TestExitStatuses(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "a demo run by app.MainContext")()
	for _, args := range [][]string{{"locks"}, {"race", "-increments", "0"}, {"pool", "-workers", "-1"}, {"-quick=maybe"}, {"pool", "-numbers", strings.Repeat("7,", maxNumbers) + "7"}} {
		var out, errb bytes.Buffer
		assert.Equal(t, 2, app.MainContext(t.Context(), args, &out, &errb), "%v", args)
		assert.Empty(t, out.String())
		assert.Equal(t, 1, strings.Count(errb.String(), "ch05-queues-locks: "), "one line names the mistake: %q", errb.String())
	}
	var out bytes.Buffer
	assert.Equal(t, 0, app.MainContext(t.Context(), []string{"-h"}, &out, &out))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, quick := range []string{"-quick", "-small"} { // -quick sets -small (and -repeat 1)
		var errb bytes.Buffer
		assert.Equal(t, 130, app.MainContext(ctx, []string{"contention", quick}, &out, &errb))
		assert.Equal(t, "ch05-queues-locks: interrupted\n", errb.String())
	}
}

// fussyPrime is isPrime for the process-pool test below: it panics on 4 and fails on 6, inside
// the worker process. Registered at init, so the re-executed test binary has it too.
func fussyPrime(n int64) (bool, error) {
	switch n {
	case 4:
		panic("four")
	case 6:
		return false, errors.New("six is not allowed")
	}
	return isPrime(context.Background(), n)
}

func init() { executor.RegisterFunc("fussy-prime", fussyPrime) }

// In a process pool too, a job that panics or fails comes back as that job's error, and costs
// no other job its answer: the worker process survives and takes the next one.
func TestProcessPoolLosesNoOtherResult(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer testdeadline.Guard(testdeadline.Short, "a call to the process pool")()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	pool, err := executor.NewProcessPool(t.Context(), 2)
	require.NoError(t, err)
	got := make([]string, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			p, err := executor.Call[int64, bool](pool, "fussy-prime", int64(i+2))
			got[i] = fmt.Sprint(p, err)
		})
	}
	wg.Wait()
	require.NoError(t, pool.Close(), "every worker process exited cleanly")
	assert.Equal(t, []string{
		"true <nil>", "true <nil>", // 2, 3
		"false panic in executor job: four",
		"true <nil>",
		"false six is not allowed",
		"true <nil>", "false <nil>", "false <nil>", // 7, 8, 9
	}, got)
}

// -quick sets small sizes and one run per measurement, except where the flags are given too.
func TestQuick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	t.Cleanup(func() { app.Flags(flag.NewFlagSet("defaults", flag.ContinueOnError)) })
	for _, tc := range []struct {
		args   []string
		small  bool
		repeat int
	}{
		{[]string{"pool"}, false, 3},
		{[]string{"pool", "-quick"}, true, 1},
		{[]string{"pool", "-small"}, true, 3},
		{[]string{"contention", "-quick", "-repeat", "5"}, true, 5},
	} {
		_, err := app.Parse(tc.args)
		require.NoErrorf(t, err, "app.Parse(%q)", tc.args)
		assert.Equalf(t, tc.small, config.quick, "app.Parse(%q): small sizes", tc.args)
		assert.Equalf(t, tc.repeat, config.repeat, "app.Parse(%q): -repeat", tc.args)
	}
}

// The detector sometimes reports the same line twice (write against write): report.txt's shape
// must take both a single report and two, as this run from CI printed.
func TestTheReportShapeTakesOneReportOrTwo(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	want, err := golden.Section("testdata/racy.txtar", "report.txt")
	require.NoError(t, err)
	report := func(first string) string {
		return "==================\nWARNING: DATA RACE\n" + first + " at 0x00c000094028 by goroutine 9:\n" +
			"  main.main.func1()\n      /tmp/fresh/ch05-queues-locks/testdata/racy/main.go:20 +0x37\n\n" +
			"Previous write at 0x00c000094028 by goroutine 8:\n" +
			"  main.main.func1()\n      /tmp/fresh/ch05-queues-locks/testdata/racy/main.go:20 +0x49\n\n" +
			"Goroutine 9 (running) created at:\n  sync.(*WaitGroup).Go()\n      /usr/local/go/src/sync/waitgroup.go:238 +0x72\n\n" +
			"Goroutine 8 (finished) created at:\n  sync.(*WaitGroup).Go()\n      /usr/local/go/src/sync/waitgroup.go:238 +0x72\n" +
			"==================\n"
	}
	tail := "counter = 2000\nFound %d data race(s)\nexit status 66\n"
	re := shape.Regexp(want)
	assert.Regexp(t, re, report("Read")+fmt.Sprintf(tail, 1), "one report")
	assert.Regexp(t, re, report("Read")+report("Write")+fmt.Sprintf(tail, 2), "two reports")
	assert.NotRegexp(t, re, report("Read")+fmt.Sprintf(tail, 1)+"more\n", "a line after the exit status")
	assert.NotRegexp(t, re, fmt.Sprintf(tail, 1), "no report at all")
}
