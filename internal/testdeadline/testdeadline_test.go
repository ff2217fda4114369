package testdeadline

import (
	"fmt"
	"testing"
	"time"
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
	if stuck.fatal != "stuck for 10ms: the step" {
		t.Errorf("a stuck step: Fatalf(%q), want %q", stuck.fatal, "stuck for 10ms: the step")
	}
	quick := &fakeT{TB: t}
	Within(quick, Short, "the step", func() {})
	if quick.fatal != "" {
		t.Errorf("a quick step: Fatalf(%q), want none", quick.fatal)
	}
}

func TestGuardStoppedInTimeDoesNotFire(t *testing.T) {
	stop := Guard(10*time.Millisecond, "the step")
	stop()
	time.Sleep(30 * time.Millisecond) // were the timer still armed, the panic would end the binary
}
