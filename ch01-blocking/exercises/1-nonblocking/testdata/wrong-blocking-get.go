//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: have it call AsyncGet instead of BlockingGet
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
		BlockingGet(delay) // AsyncGet written, but not used
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
