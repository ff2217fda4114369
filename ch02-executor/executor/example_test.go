package executor_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
)

// A plain function run on the loop's default thread pool; the task awaits its future. The
// function's value, its error and even its panic come back through the future.
func ExampleRunInExecutor() {
	_ = aio.Main(func(co *aio.Co) error {
		fut := executor.RunInExecutor(co, nil, func() (string, error) {
			return strings.ToUpper("done on a worker thread"), nil
		})
		v, err := aio.Await(co, fut)
		fmt.Println(v, err)

		_, err = aio.Await(co, executor.RunInExecutor(co, nil, func() (int, error) {
			return 0, errors.New("disk full")
		}))
		fmt.Println(err)

		_, err = aio.Await(co, executor.RunInExecutor(co, nil, func() (int, error) {
			words := strings.Fields("two words")
			return len(words[len(words)]), nil // a bug: one past the end
		}))
		fmt.Println(err)
		return nil
	})
	// Output:
	// DONE ON A WORKER THREAD <nil>
	// disk full
	// panic in executor job: runtime error: index out of range [2] with length 2
}

// A ThreadPool is a fixed set of threads and one queue. Shutdown(true) lets the queued jobs
// finish before it returns.
func ExampleThreadPool() {
	pool := executor.NewThreadPool(2)
	results := make([]int, 5)
	for i := range results {
		_ = pool.Submit(func() { results[i] = i * 10 })
	}
	pool.Shutdown(true)
	fmt.Println(results)
	fmt.Println(pool.Submit(func() {}))
	// Output:
	// [0 10 20 30 40]
	// executor: shut down
}

// A process pool calls functions by name in worker processes (this test binary, started again:
// "square" is registered in executor_test.go's init). The argument and the result cross the
// process boundary as gob-encoded bytes.
func ExampleCall() {
	pool, err := executor.NewProcessPool(context.Background(), 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	v, err := executor.Call[int, int](pool, "square", 12)
	fmt.Println(v, err)
	_, err = executor.Call[string, string](pool, "fail", "purpose")
	fmt.Println(err)
	// Output:
	// 144 <nil>
	// failed on purpose
}
