//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// AsyncGet hands the baton back for one turn but never waits for the answer it schedules, so
// the request "ends" at once. The check must say it did not wait, not blame time.Sleep.
//
//	want: it handed the baton back but did not wait
package nonblocking

import (
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// BlockingGet is the source program's synchronous request, faked.
func BlockingGet(delay time.Duration) string {
	time.Sleep(delay)
	return "200 OK"
}

// AsyncGet schedules the answer but returns at once, without awaiting it.
func AsyncGet(co *aio.Co, delay time.Duration) (string, error) {
	answer := aio.NewFuture[string](co.Loop())
	co.Loop().CallLater(delay, func() { _ = answer.SetResult("200 OK") })
	if err := co.Sleep(0); err != nil { // hands the baton back, but only for a turn
		return "", err
	}
	return "200 OK", nil
}

// Main is the source program: a counter task beside one slow request.
func Main(w io.Writer, delay time.Duration) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		task := aio.Go(co, counter(w))
		if err := co.Sleep(0); err != nil {
			return err
		}
		fmt.Fprintln(w, "started http request")
		if _, err := AsyncGet(co, delay); err != nil {
			return err
		}
		fmt.Fprintln(w, "ended http request")
		_, err := aio.Await(co, task)
		return err
	}
}

func counter(w io.Writer) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		fmt.Fprintln(w, "started counter")
		for i := range 5 {
			if err := co.Sleep(time.Millisecond); err != nil {
				return err
			}
			fmt.Fprintf(w, "i is %d\n", i)
		}
		return nil
	}
}
