// Test sources for TestTimedLoopChecksFinds: every line marked "in the timed loop" must be
// reported, and no other.
package benchloops

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func BenchmarkLoop(b *testing.B) {
	var err error
	for b.Loop() {
		err = work()
		require.NoError(b, err) // in the timed loop
	}
	require.NoError(b, err)
}

func BenchmarkRangeN(b *testing.B) {
	for range b.N {
		assert.NoError(b, work()) // in the timed loop
	}
}

func BenchmarkClassicN(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			func() {
				require.NoError(b, work()) // in the timed loop
			}()
		}
	}
}

func BenchmarkSub(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run("case", func(b *testing.B) {
			var err error
			for b.Loop() {
				if err = work(); err != nil {
					break
				}
			}
			require.NoError(b, err) // after the timed loop: fine
			_ = n
		})
	}
}

func TestLoopsAreNotTimed(t *testing.T) {
	for i := range 3 {
		assert.Equal(t, i, i) // a test's loop: fine
	}
}

func work() error { return nil }
