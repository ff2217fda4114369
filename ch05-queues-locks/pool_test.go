package main

import (
	"bufio"
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hugePrime is the largest prime below 2⁶² (maxNumber): about a billion trial divisions, two
// seconds or more of one core. A phase of the pool demo that does not look at its context
// keeps computing it long after Ctrl-C.
const hugePrime = 4611686018427387847

// stopDeadline bounds how long a cancelled phase may go on. Looking at the context every
// checkEvery divisions, a phase stops within milliseconds; checking hugePrime alone takes
// seconds, so a phase that never looks overruns this by far, even on a loaded machine.
const stopDeadline = time.Second

func TestIsPrimeStopsWhenCancelled(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var err error
	testdeadline.Within(t, stopDeadline, "isPrime(cancelled, hugePrime) after the context was cancelled", func() { _, err = isPrime(ctx, hugePrime) })
	assert.ErrorIsf(t, err, context.Canceled, "isPrime(cancelled, %d)", int64(hugePrime))
}

// Each phase of the pool demo, cancelled while it computes, returns within stopDeadline with
// the context's error, and leaves no goroutine behind. The cancel comes 10 ms after the start;
// whether a phase has started its work by then or not, the outcome is the same.
func TestEveryPoolStopsWhenCancelled(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	numbers := []int64{hugePrime, hugePrime, hugePrime}
	phases := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"sequential (isPrime in a loop)", func(ctx context.Context) error {
			for _, n := range numbers {
				if _, err := isPrime(ctx, n); err != nil {
					return err
				}
			}
			return nil
		}},
		{"goroutinePool", func(ctx context.Context) error { return firstError(goroutinePool(ctx, numbers, 2)) }},
		{"processPool", func(ctx context.Context) error { _, err := processPool(ctx, numbers, 2); return err }},
	}
	for _, p := range phases {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		var err error
		testdeadline.Within(t, 10*time.Millisecond+stopDeadline, p.name+" after the context was cancelled", func() { err = p.run(ctx) })
		cancel()
		assert.Errorf(t, err, "%s: cancelled, returned no error", p.name)
	}
}

// Ctrl-C in the middle of the computation: the program itself, sent SIGINT while it checks a
// huge prime, exits with status 130 within stopDeadline and says "interrupted" once.
func TestCtrlCStopsThePoolAtOnce(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("starts the program")
	}
	prog, err := exec.LookPath(app.Name) // testscript.Main put the program on $PATH
	if err != nil {
		t.Skip("the program is not on $PATH:", err)
	}
	cmd := exec.Command(prog, "pool", "-workers", "2", "-numbers", "4611686018427387847,4611686018427387847")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	lines := bufio.NewScanner(stdout)
	begun := lines.Scan() && strings.HasPrefix(lines.Text(), "checking ")
	if !begun {
		_ = cmd.Process.Kill()
	}
	require.Truef(t, begun, "first line = %q, want checking ...", lines.Text())
	// The first line is printed just before the sequential check starts.
	sent := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	go func() {
		for lines.Scan() {
		}
		exited <- cmd.Wait()
	}()
	select {
	case err = <-exited:
	case <-time.After(stopDeadline):
		_ = cmd.Process.Kill()
		<-exited
		t.Fatalf("pool demo: still checking %v after SIGINT (the sequential phase does not look at its context)", stopDeadline)
	}
	t.Logf("exited %v after SIGINT", time.Since(sent).Round(time.Millisecond))
	var ee *exec.ExitError
	if assert.ErrorAs(t, err, &ee, "pool demo after SIGINT: want exit status 130") {
		assert.Equal(t, 130, ee.ExitCode(), "pool demo after SIGINT: exit status")
	}
	assert.Equal(t, app.Name+": interrupted\n", stderr.String(), "pool demo after SIGINT: stderr")
}
