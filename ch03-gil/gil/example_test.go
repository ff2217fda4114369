package gil_test

import (
	"fmt"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// Four threads run 1000 steps each. However the operating system schedules them, the GIL lets
// only one run bytecode at any moment.
func Example() {
	in := gil.New()
	total := 0
	for range 4 {
		in.Go("worker", func(t *gil.Thread) {
			for range 1000 {
				t.Step(func() { total++ }) // safe: the GIL serialises steps, as in CPython
			}
		})
	}
	in.Wait()
	s := in.Stats()
	fmt.Println("steps:", s.Steps, "total:", total, "running at once, at most:", s.MaxRunning)
	// Output: steps: 4000 total: 4000 running at once, at most: 1
}
