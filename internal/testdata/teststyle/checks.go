// Test sources for TestHandChecksFinds: every line marked "hand-written" must be reported,
// and no other.
package checks

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompare(t *testing.T) {
	got, want := 1, 2
	if got != want { // hand-written
		t.Errorf("got %d, want %d", got, want)
	}
	assert.Equal(t, want, got)
}

func TestErr(t *testing.T) {
	err := work()
	if err != nil { // hand-written
		t.Fatal(err)
	}
	require.NoError(t, err)
}

func TestOk(t *testing.T) {
	_, ok := lookup()
	if !ok { // hand-written
		t.Fatalf("no value")
	}
	if ok { // hand-written
		t.Log("found")
	} else {
		t.Error("not found")
	}
	if ok {
		t.Log("found")
	} else if !ok { // hand-written
		t.Error("not found")
	}
}

func TestNested(t *testing.T) {
	for i := range 3 {
		if i > 0 {
			if i == 2 { // hand-written
				t.Errorf("i is %d", i)
			}
		}
	}
	if testing.Short() {
		t.Skip("short")
	}
	if true {
		go func() {
			t.Log("in a goroutine")
		}()
	}
}

func TestDiff(t *testing.T) {
	want, got := []int{1}, []int{1}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("the numbers (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, got); d != "" { // hand-written
		t.Errorf("the numbers differ:\n%s", d)
	}
	if len(got) != len(want) { // hand-written
		t.Errorf("the numbers (-want +got): %d, %d", len(want), len(got))
	}
}

func BenchmarkWork(b *testing.B) {
	for b.Loop() {
		if err := work(); err != nil { // hand-written
			b.Fatal(err)
		}
	}
}

func helper(tb testing.TB, n int) {
	tb.Helper()
	if n < 0 { // hand-written
		tb.Fatalf("n is %d", n)
	}
}

// check returns an error, as a helper may: it reports nothing itself.
func check(n int) error {
	var e error
	if n < 0 {
		e = work()
		e.Error()
	}
	return e
}

func work() error         { return nil }
func lookup() (int, bool) { return 0, true }
