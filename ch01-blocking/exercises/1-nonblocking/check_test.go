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

func TestAsyncGetHandsTheBatonBack(t *testing.T) {
	c := exercise.New(t, lesson)
	var (
		got, other string
		err        error
		end        time.Duration
	)
	c.Within(2*time.Second, func() {
		_, err = aio.Run(func(co *aio.Co) (struct{}, error) {
			aio.CreateTask(co, func(co *aio.Co) (struct{}, error) {
				other = "ran"
				return struct{}{}, nil
			})
			var err error
			got, err = AsyncGet(co, 300*time.Millisecond)
			end = co.Loop().Time()
			return struct{}{}, err
		}, aio.Virtual())
	})
	c.Started(err)
	if err != nil {
		t.Fatalf("AsyncGet(co, 300ms) returned the error %v, want \"200 OK\" and no error", err)
	}
	if got != "200 OK" {
		t.Errorf("AsyncGet(co, 300ms) = %q, want \"200 OK\"", got)
	}
	if other != "ran" {
		t.Errorf("another task created before AsyncGet never ran while AsyncGet waited: AsyncGet kept the baton")
	}
	if end != 300*time.Millisecond {
		t.Errorf("AsyncGet(co, 300ms) returned at %v of the loop's time, want exactly 300ms "+
			"(a time.Sleep inside a task takes no loop time at all: the loop is not even turning)", end)
	}
}

func TestTheCounterTicksDuringTheRequest(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	var (
		out strings.Builder
		err error
		end time.Duration
	)
	c.Within(2*time.Second, func() {
		_, err = aio.Run(func(co *aio.Co) (struct{}, error) {
			_, err := Main(&out, 300*time.Millisecond)(co)
			end = co.Loop().Time()
			return struct{}{}, err
		}, aio.Virtual())
	})
	c.Started(err)
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
			t.Errorf("that is still the blocked order: does Main call AsyncGet instead of BlockingGet?")
		}
	}
	if end != 300*time.Millisecond {
		t.Errorf("the program ended at %v of the loop's time, want 300ms: the request and the counter overlap", end)
	}
}

// probe reports whether AsyncGet is still the starter's TODO.
func probe(c *exercise.Check) error {
	var err error
	c.Within(2*time.Second, func() {
		_, err = aio.Run(func(co *aio.Co) (string, error) { return AsyncGet(co, 0) }, aio.Virtual())
	})
	return err
}
