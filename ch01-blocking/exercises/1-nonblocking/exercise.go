//go:build !solution

// Package nonblocking is chapter 1's first exercise: make the source program's blocking
// request non-blocking, so that the counter ticks while the request waits.
// The task is in README.md; check your answer with
//
//	go test ./ch01-blocking/exercises/1-nonblocking
package nonblocking

import (
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

// BlockingGet is the source program's synchronous request (requests.get), faked: it
// answers after delay and holds the loop's baton the whole time. Do not change it.
func BlockingGet(delay time.Duration) string {
	time.Sleep(delay)
	return "200 OK"
}

// AsyncGet is the same request made the asyncio way (aiohttp): it returns
// "200 OK" after delay of the loop's time, and hands the baton back while it
// waits, so other tasks run meanwhile.
func AsyncGet(co *aio.Co, delay time.Duration) (string, error) {
	// TODO: wait for delay on the loop, not with time.Sleep, then return "200 OK".
	return "", exercise.TODO("AsyncGet: wait for the answer without holding the baton")
}

// Main is the source program: a counter task beside one slow request.
func Main(w io.Writer, delay time.Duration) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		task := aio.Go(co, counter(w))
		if err := co.Sleep(0); err != nil { // let the counter start
			return err
		}
		fmt.Fprintln(w, "started http request")
		// TODO: make this request with AsyncGet instead.
		BlockingGet(delay)
		fmt.Fprintln(w, "ended http request")
		_, err := aio.Await(co, task)
		return err
	}
}

// counter is the source program's counter: five ticks of a millisecond.
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

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
