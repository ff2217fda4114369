// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package nonblocking

import (
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch01-blocking/README.md, "The source program in Go" and "Step by step"`

// asyncGet runs AsyncGet(co, 300ms) beside another task, on a virtual clock, and reports what
// it returned, whether the other task ran meanwhile, and the loop's time when it returned.
func asyncGet(c *exercise.Check) (got string, otherRan bool, end time.Duration, err error) {
	c.Within(2*time.Second, func() {
		err = aio.Main(func(co *aio.Co) error {
			aio.Go(co, func(co *aio.Co) error {
				otherRan = true
				return nil
			})
			var err error
			got, err = AsyncGet(co, 300*time.Millisecond)
			end = co.Loop().Time()
			return err
		}, aio.Virtual())
	})
	return got, otherRan, end, err
}

func TestAsyncGetHandsTheBatonBack(t *testing.T) {
	c := exercise.New(t, lesson)
	got, otherRan, end, err := asyncGet(c)
	c.Started(err)
	if err != nil {
		t.Fatalf("AsyncGet(co, 300ms) returned the error %v, want \"200 OK\" and no error", err)
	}
	if got != "200 OK" {
		t.Errorf("AsyncGet(co, 300ms) = %q, want \"200 OK\"", got)
	}
	if !otherRan {
		t.Errorf("another task created before AsyncGet never ran while AsyncGet waited, want it to run: AsyncGet kept the baton " +
			"(it must await something: co.Sleep, or aio.Await on a future)")
	}
	switch {
	case end == 300*time.Millisecond:
	case end == 0 && !otherRan:
		t.Errorf("AsyncGet(co, 300ms) returned at 0s of the loop's time, want 300ms: the loop's clock never moved while it waited, " +
			"so it waited without the loop (time.Sleep, or another blocking call, holds the baton)")
	case end == 0:
		t.Errorf("AsyncGet(co, 300ms) returned at 0s of the loop's time, want 300ms: it handed the baton back but did not wait " +
			"for the answer (await the future the timer completes, or sleep delay on the loop)")
	default:
		t.Errorf("AsyncGet(co, 300ms) returned at %v of the loop's time, want exactly 300ms: wait delay on the loop, once", end)
	}
}

func TestTheCounterTicksDuringTheRequest(t *testing.T) {
	c := exercise.New(t, lesson)
	_, otherRan, asyncEnd, err := asyncGet(c)
	c.Started(err)
	asyncOK := err == nil && otherRan && asyncEnd == 300*time.Millisecond
	var (
		out strings.Builder
		end time.Duration
	)
	c.Within(2*time.Second, func() {
		err = aio.Main(func(co *aio.Co) error {
			err := Main(&out, 300*time.Millisecond)(co)
			end = co.Loop().Time()
			return err
		}, aio.Virtual())
	})
	if err != nil {
		t.Fatalf("the program failed: %v", err)
	}
	want := `started counter
started http request
i is 0
i is 1
i is 2
i is 3
i is 4
ended http request
`
	if out.String() != want {
		t.Errorf("the program printed\n%s\nwant the overlapped order, the counter ticking while the request waits:\n%s", out.String(), want)
		if strings.HasSuffix(out.String(), "ended http request\ni is 0\ni is 1\ni is 2\ni is 3\ni is 4\n") {
			if asyncOK {
				t.Errorf("that is still the blocked order, though AsyncGet hands the baton back: Main still makes a blocking call; have it call AsyncGet instead of BlockingGet")
			} else {
				t.Errorf("that is still the blocked order: AsyncGet itself keeps the baton (see TestAsyncGetHandsTheBatonBack), so calling it blocks the loop just as BlockingGet does")
			}
		}
	}
	if end != 300*time.Millisecond {
		t.Errorf("the program ended at %v of the loop's time, want 300ms: the request and the counter overlap", end)
	}
}
