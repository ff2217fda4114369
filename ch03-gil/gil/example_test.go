package gil_test

import (
	"fmt"
	"sync"

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

// Native code that releases the GIL runs on several threads at once. Here each thread's native
// section waits until all four are inside it: that can only finish because none of them holds
// the GIL meanwhile.
func ExampleThread_Native() {
	in := gil.New()
	var inside sync.WaitGroup
	inside.Add(4)
	for range 4 {
		in.Go("worker", func(t *gil.Thread) {
			t.Step(nil)
			t.Native(func() {
				inside.Done()
				inside.Wait() // every other worker is in its native section too
			})
			t.Step(nil)
		})
	}
	in.Wait()
	s := in.Stats()
	fmt.Println("native sections at once:", s.MaxNative, "bytecode at once:", s.MaxRunning)
	// Output: native sections at once: 4 bytecode at once: 1
}

// A blocking call releases the GIL, so another thread runs bytecode while the first waits. The
// sleeper's wait ends only when the other thread has run, so the order is fixed.
func ExampleThread_Blocking() {
	in := gil.New()
	ran := make(chan struct{})
	in.Go("reader", func(t *gil.Thread) {
		t.Blocking(func() { <-ran }) // like a read that waits for data
		t.Step(func() { fmt.Println("reader: got the data, holds the GIL again") })
	})
	in.Go("writer", func(t *gil.Thread) {
		t.Step(func() { fmt.Println("writer: runs bytecode while the reader is blocked") })
		close(ran)
	})
	in.Wait()
	// Output:
	// writer: runs bytecode while the reader is blocked
	// reader: got the data, holds the GIL again
}
