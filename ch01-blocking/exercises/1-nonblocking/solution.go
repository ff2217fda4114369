//go:build solution

// Package nonblocking is chapter 1's first exercise: make the source program's blocking
// request non-blocking, so that the counter ticks while the request waits.
// This file is the reference solution (go test -tags solution).
package nonblocking

import (
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// BlockingGet is the source program's synchronous request (requests.get), faked: it
// answers after delay and holds the loop's baton the whole time.
func BlockingGet(delay time.Duration) string {
	time.Sleep(delay)
	return "200 OK"
}

// AsyncGet is the same request made the asyncio way (aiohttp): it returns
// "200 OK" after delay of the loop's time, and hands the baton back while it
// waits, so other tasks run meanwhile.
//
// A real asynchronous client registers interest in its socket and awaits a
// future that the loop completes when the answer arrives. The fake's "answer
// arrives" is a timer on the loop: CallLater completes the future, and Await
// hands the baton back until then. (co.Sleep(delay) would do the same.)
func AsyncGet(co *aio.Co, delay time.Duration) (string, error) {
	answer := aio.NewFuture[string](co.Loop())
	co.Loop().CallLater(delay, func() { _ = answer.SetResult("200 OK") })
	return aio.Await(co, answer)
}

// Main is the source program: a counter task beside one slow request.
func Main(w io.Writer, delay time.Duration) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		task := aio.Go(co, counter(w))
		if err := co.Sleep(0); err != nil { // let the counter start
			return err
		}
		fmt.Fprintln(w, "started http request")
		if _, err := AsyncGet(co, delay); err != nil { // an await: the counter runs meanwhile
			return err
		}
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
