package reexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/testdeadline"
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
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Errorf("Wait() = %v, want death by SIGKILL", err)
	}
	if took < GracePeriod {
		t.Errorf("killed %v after the cancel, before the grace period of %v", took, GracePeriod)
	}
}

// A worker name nobody registered is a usage error: exit status 2, and one line that names it.
func TestAnUnknownWorkerExits2(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	cmd, err := Command(t.Context(), "nope", "x")
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	c, err := Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	testdeadline.Within(t, 10*time.Second, "an unknown worker", func() { err = c.Wait() })
	var ee *ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || stderr.String() != "reexec.test: unknown worker \"nope x\"\n" {
		t.Errorf("Wait() = %v, stderr %q; want exit status 2 and %q", err, stderr.String(), "reexec.test: unknown worker \"nope x\"\n")
	}
}
