// Package counter holds the counter coroutine of the source program ("asyncio part 4:
// multithreading and run_in_executor", §1 and §2), which chapters 1 and 2 both run: the same
// five lines, whether the request beside it blocks the loop or runs in an executor.
package counter

import (
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// Counter is the counter coroutine: it prints a line, then five times sleeps on the loop for
// tick and prints i. Each sleep is an await, so the loop may run other tasks meanwhile.
func Counter(w io.Writer, tick time.Duration) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		fmt.Fprintln(w, "started counter")
		for i := range 5 {
			if err := co.Sleep(tick); err != nil { // (3): hand the loop back for tick
				return err
			}
			fmt.Fprintf(w, "i is %d\n", i) // (6)
		}
		return nil
	}
}
