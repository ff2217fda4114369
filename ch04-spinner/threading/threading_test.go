package threading

import (
	"fmt"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestThreadLifecycle(t *testing.T) {
	release := make(chan struct{})
	th := NewThread("spin", func() { <-release })
	assert.Regexp(t, regexp.MustCompile(`^<Thread\(Thread-\d+ \(spin\), initial\)>$`), th.String())
	th.Start()
	assert.Contains(t, th.String(), ", started)>")
	assert.Panics(t, th.Start, "a second Start")
	close(release)
	th.Join()
	assert.Contains(t, th.String(), ", stopped)>")
}

func TestThreadNamesCount(t *testing.T) {
	a, b := NewThread("f", func() {}), NewThread("f", func() {})
	var na, nb int
	fmt.Sscanf(a.Name(), "Thread-%d", &na)
	fmt.Sscanf(b.Name(), "Thread-%d", &nb)
	assert.Equal(t, na+1, nb)
}

func TestEventWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e Event
		assert.False(t, e.IsSet())
		start := time.Now()
		assert.False(t, e.Wait(100*time.Millisecond), "timeout: False")
		assert.Equal(t, 100*time.Millisecond, time.Since(start))

		time.AfterFunc(30*time.Millisecond, e.Set)
		start = time.Now()
		assert.True(t, e.Wait(time.Second), "set: True, as soon as it is set")
		assert.Equal(t, 30*time.Millisecond, time.Since(start))
		assert.True(t, e.IsSet())
		e.Set() // again: nothing happens
		assert.True(t, e.Wait(0))
	})
}

// An Event starts false, as Python's does: Wait times out and IsSet says so.
func TestEventStartsFalse(t *testing.T) {
	var e Event
	assert.False(t, e.IsSet(), "new Event: IsSet()")
	assert.False(t, e.Wait(0), "new Event: Wait(0)")
}

// Wait returns the flag, not whether the wait timed out: Python's Event.wait returns the
// internal flag on exit. If the event is set just as the timeout fires, both cases of Wait's
// select are ready and the runtime picks one at random; when it picks the timer, Wait must
// still look at the flag. Here both are ready every time (the event is set and the timeout is
// zero), so a Wait that answered false on the timer's case would fail about half of the
// 1000 tries, and the chance that it passes is 2^-1000.
func TestEventWaitReturnsTheFlagWhenTheTimerWinsTheRace(t *testing.T) {
	var e Event
	e.Set()
	for i := range 1000 {
		require.Truef(t, e.Wait(0), "try %d: Wait(0) on a set Event", i)
	}
}
