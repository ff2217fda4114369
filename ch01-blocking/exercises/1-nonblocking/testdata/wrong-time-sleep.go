//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// AsyncGet waits with time.Sleep, which keeps the baton, and Main calls it. The check must say
// that AsyncGet itself blocks, not that Main still calls BlockingGet.
//
//	want: AsyncGet itself keeps the baton
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

// AsyncGet sleeps with time.Sleep: a blocking call inside a task.
func AsyncGet(co *aio.Co, delay time.Duration) (string, error) {
	time.Sleep(delay)
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
