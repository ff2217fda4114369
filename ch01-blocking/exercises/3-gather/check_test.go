// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package gather

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch01-blocking/README.md, "A miniature asyncio in Go" and "time.Sleep is a blocking call too"`

// job naps d on the loop, logging when it starts, and returns v or err.
func job(log *[]string, d time.Duration, v string, err error) func(co *aio.Co) (string, error) {
	return func(co *aio.Co) (string, error) {
		*log = append(*log, fmt.Sprintf("%v start %s", co.Loop().Time(), v))
		if err := co.Sleep(d); err != nil {
			return "", err
		}
		return v, err
	}
}

func gather(c *exercise.Check, fns ...func(co *aio.Co) (string, error)) (got []string, end time.Duration, err error) {
	c.Within(2*time.Second, func() {
		runErr := aio.Main(func(co *aio.Co) error {
			got, err = Gather(co, fns...)
			end = co.Loop().Time()
			return nil
		}, aio.Virtual())
		if err == nil {
			err = runErr
		}
	})
	return got, end, err
}

func TestSideBySideInOrder(t *testing.T) {
	c := exercise.New(t, lesson)
	var log []string
	got, end, err := gather(c,
		job(&log, 3*time.Second, "a", nil),
		job(&log, 1*time.Second, "b", nil),
		job(&log, 2*time.Second, "c", nil))
	c.Started(err)
	if err != nil {
		t.Fatalf("Gather(naps of 3s, 1s, 2s) failed: %v", err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Gather(naps of 3s, 1s, 2s returning a, b, c) = %q, want %q: results in argument order, not finishing order", got, want)
	}
	if want := []string{"0s start a", "0s start b", "0s start c"}; !slices.Equal(log, want) {
		t.Errorf("the coroutines started at\n  %q\nwant all three at once\n  %q", log, want)
	}
	if end != 3*time.Second {
		t.Errorf("Gather(naps of 3s, 1s, 2s) took %v of loop time, want 3s: the longest, not the sum", end)
		if end == 6*time.Second {
			t.Errorf("6s is 3+1+2: the coroutines ran one after another; give each its own task")
		}
	}
}

func TestFirstFailureReturnsAtOnce(t *testing.T) {
	c := exercise.New(t, lesson)
	var log []string
	boom := errors.New("boom")
	_, end, err := gather(c,
		job(&log, 3*time.Second, "a", nil),
		job(&log, 1*time.Second, "b", boom),
		job(&log, 2*time.Second, "c", nil))
	c.Started(err)
	if !errors.Is(err, boom) {
		t.Fatalf("Gather with a task failing with %q after 1s returned the error %v, want %q", boom, err, boom)
	}
	if end != time.Second {
		t.Errorf("Gather returned the failure at %v of loop time, want 1s, as soon as it happened "+
			"(awaiting the tasks one by one in argument order waits 3s for the first)", end)
	}
}

func TestNothingToGather(t *testing.T) {
	c := exercise.New(t, lesson)
	got, _, err := gather(c)
	c.Started(err)
	if err != nil || len(got) != 0 {
		t.Errorf("Gather() = %q, %v; want no results and no error", got, err)
	}
}
