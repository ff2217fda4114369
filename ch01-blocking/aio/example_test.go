package aio_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// Two tasks take turns at each await: the order follows from the code, not from timing.
func ExampleRun() {
	worker := func(co *aio.Co) (aio.None, error) {
		for i := range 3 {
			fmt.Println(co.Name(), "step", i)
			if err := co.Yield(); err != nil {
				return aio.None{}, err
			}
		}
		return aio.None{}, nil
	}
	err := aio.Main(func(co *aio.Co) error {
		a := aio.CreateTask(co, worker)
		b := aio.CreateTask(co, worker)
		if _, err := aio.Await(co, a); err != nil {
			return err
		}
		_, err := aio.Await(co, b)
		return err
	})
	fmt.Println("err:", err)
	// Output:
	// Task-2 step 0
	// Task-3 step 0
	// Task-2 step 1
	// Task-3 step 1
	// Task-2 step 2
	// Task-3 step 2
	// err: <nil>
}

// On a virtual clock, timers fire in deadline order and sleeping costs no real time. When the
// main coroutine returns, Run cancels the tasks still pending, as asyncio.run does.
func ExampleVirtual() {
	start := time.Now()
	sleeper := func(d time.Duration) func(co *aio.Co) (string, error) {
		return func(co *aio.Co) (string, error) {
			if err := co.Sleep(d); err != nil {
				fmt.Printf("%v: the %v sleeper was %v\n", co.Loop().Time(), d, err)
				return "", err
			}
			fmt.Printf("%v: woke after %v\n", co.Loop().Time(), d)
			return "slept " + d.String(), nil
		}
	}
	res, _ := aio.Run(func(co *aio.Co) (string, error) {
		aio.CreateTask(co, sleeper(3*time.Second))
		aio.CreateTask(co, sleeper(1*time.Second))
		return aio.Await(co, aio.CreateTask(co, sleeper(2*time.Second)))
	}, aio.Virtual())
	fmt.Println(res, "; real time under a second:", time.Since(start) < time.Second)
	// Output:
	// 1s: woke after 1s
	// 2s: woke after 2s
	// 2s: the 3s sleeper was cancelled
	// slept 2s ; real time under a second: true
}

// Cancelling a task makes its current await return ErrCancelled; the task may clean up.
func ExampleTask_Cancel() {
	_ = aio.Main(func(co *aio.Co) error {
		t := aio.CreateTask(co, func(co *aio.Co) (int, error) {
			fmt.Println("sleeping")
			if err := co.Sleep(time.Hour); err != nil {
				fmt.Println("cleaning up after:", err)
				return 0, err
			}
			return 42, nil
		})
		fmt.Println(t)
		_ = co.Yield() // let it start
		t.Cancel()
		_, err := aio.Await(co, t)
		fmt.Println(errors.Is(err, aio.ErrCancelled), t.Cancelled())
		return nil
	}, aio.Virtual())
	// Output:
	// <Task pending name='Task-2' coro=<ExampleTask_Cancel() running at example_test.go:72>>
	// sleeping
	// cleaning up after: cancelled
	// true true
}

// A coroutine that returns nothing but an error is started with Go, and a main coroutine of that
// kind is run with Main: no None result to spell out.
func ExampleGo() {
	err := aio.Main(func(co *aio.Co) error {
		task := aio.Go(co, func(co *aio.Co) error {
			fmt.Println("task: running")
			return co.Sleep(time.Millisecond)
		})
		fmt.Println("main: created", task.Name())
		_, err := aio.Await(co, task)
		fmt.Println("main: the task is done:", task.Done())
		return err
	}, aio.Virtual())
	fmt.Println("Main returned", err)
	// Output:
	// main: created Task-2
	// task: running
	// main: the task is done: true
	// Main returned <nil>
}
