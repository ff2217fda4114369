package testdeadline

import (
	"fmt"
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
