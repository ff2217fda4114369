package threading

import (
	"fmt"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

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
