package testdeadline

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// fakeT records a Fatalf instead of ending the test.
type fakeT struct {
	testing.TB
	fatal string
}

func (f *fakeT) Helper()                        {}
func (f *fakeT) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }

func TestWithinFailsAStuckStepAndPassesAQuickOne(t *testing.T) {
	block := make(chan struct{})
	defer close(block) // let the stuck goroutine end
	stuck := &fakeT{TB: t}
	Within(stuck, 10*time.Millisecond, "the step", func() { <-block })
	assert.Equal(t, "stuck for 10ms: the step", stuck.fatal, "a stuck step's Fatalf")
	quick := &fakeT{TB: t}
	Within(quick, Short, "the step", func() {})
	assert.Empty(t, quick.fatal, "a quick step's Fatalf")
}

func TestGuardStoppedInTimeDoesNotFire(t *testing.T) {
	stop := Guard(10*time.Millisecond, "the step")
	stop()
	time.Sleep(30 * time.Millisecond) // were the timer still armed, the panic would end the binary
}

// Bound's guard is disarmed by the test's cleanup: were it still armed after the test, the
// panic would end the binary.
func TestBoundIsDisarmedWhenTheTestEnds(t *testing.T) {
	t.Run("bounded", func(t *testing.T) { Bound(t, 10*time.Millisecond) })
	time.Sleep(30 * time.Millisecond)
}

// A test that outlives its bound ends the binary with a message that names it. Run as a child:
// the panic is the point.
func TestBoundEndsAHungTest(t *testing.T) {
	if os.Getenv("TESTDEADLINE_HANG") != "" {
		Bound(t, 50*time.Millisecond)
		select {} // hung
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBoundEndsAHungTest$")
	cmd.Env = append(os.Environ(), "TESTDEADLINE_HANG=1")
	var out []byte
	Within(t, Short, "a test bound to 50ms that hangs", func() { out, _ = cmd.CombinedOutput() })
	assert.Falsef(t, cmd.ProcessState.Success(), "the hung test's binary: %v, want a failure", cmd.ProcessState)
	assert.Contains(t, string(out), "test TestBoundEndsAHungTest: still running after 50ms", "the hung test's binary's output")
}
