package gil

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

// Threads that sleep while the others sleep are counted together; one thread that sleeps three
// times never waits beside anyone.
func TestMaxBlocking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := New()
		for range 3 {
			in.Go("", func(th *Thread) { th.Sleep(time.Second) })
		}
		in.Wait()
		assert.Equal(t, 3, in.Stats().MaxBlocking, "three sleeps at once")

		in = New()
		in.Go("", func(th *Thread) {
			for range 3 {
				th.Sleep(time.Second)
			}
		})
		in.Wait()
		assert.Equal(t, 1, in.Stats().MaxBlocking, "one thread sleeping three times")
	})
}
