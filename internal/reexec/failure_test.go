//go:build unix

package reexec

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	// deaf ignores SIGTERM itself, as a child stuck where no handler can run would.
	Register("deaf", func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
		signal.Ignore(syscall.SIGTERM)
		fmt.Fprintln(stdout, "ready")
		time.Sleep(time.Hour)
		return nil
	})
}

// A child that ignores SIGTERM does not outlive the grace period: GracePeriod after its context
// is done, it is killed. Without exec.Cmd.WaitDelay, nothing would ever send that SIGKILL.
func TestAChildThatIgnoresSIGTERMIsKilledAfterTheGracePeriod(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	c, out := start(t, ctx, "deaf")
	testdeadline.Within(t, 10*time.Second, "the deaf worker to say it is ready", func() {
		b := make([]byte, len("ready\n"))
		_, _ = io.ReadFull(out, b)
	})
	start := time.Now()
	cancel()
	var err error
	testdeadline.Within(t, GracePeriod+10*time.Second, "a worker that ignores SIGTERM, after its context was cancelled", func() {
		err = c.Wait()
	})
	took := time.Since(start)
	var ee *ExitError
	if assert.ErrorAs(t, err, &ee, "Wait(): want death by SIGKILL") {
		assert.Equal(t, syscall.SIGKILL, ee.Sys().(syscall.WaitStatus).Signal(), "Wait(): the signal that ended the worker")
	}
	assert.GreaterOrEqual(t, took, GracePeriod, "the kill after the cancel, want no sooner than the grace period")
}

// A worker name nobody registered is a usage error: exit status 2, and one line that names it.
func TestAnUnknownWorkerExits2(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	cmd, err := Command(t.Context(), "nope", "x")
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	c, err := Start(cmd)
	require.NoError(t, err)
	testdeadline.Within(t, 10*time.Second, "an unknown worker", func() { err = c.Wait() })
	var ee *ExitError
	if assert.ErrorAs(t, err, &ee, "Wait(): want exit status 2") {
		assert.Equal(t, 2, ee.ExitCode(), "Wait(): exit status")
	}
	assert.Equal(t, "reexec.test: unknown worker \"nope x\"\n", stderr.String(), "the worker's stderr")
}
