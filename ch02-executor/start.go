package main

import (
	"context"
	"fmt"
	"io"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/cli"
)

// startTiming contrasts the two ways to start work. A created task joins the back of the ready
// queue and runs only when main awaits and the tasks ahead of it have run. An executor job
// starts at once on another thread, while main still holds the loop. Every line's place follows
// from who waits for whom: main waits (blocking, on purpose) for the job to start; the job waits
// for task C before it finishes.
func startTiming(ctx context.Context, w io.Writer) error {
	w = cli.SyncWriter(w)
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		cRan := make(chan struct{})
		say := func(name string, then func()) func(co *aio.Co) error {
			return func(co *aio.Co) error {
				fmt.Fprintf(w, "task %s runs\n", name)
				if then != nil {
					then()
				}
				return nil
			}
		}
		a := aio.Go(co, say("A", nil))
		b := aio.Go(co, say("B", nil))
		c := aio.Go(co, say("C", func() { close(cRan) }))
		fmt.Fprintln(w, "main: created tasks A, B and C; none has run")
		fmt.Fprintln(w, "main: hands a job to the executor")
		jobStarted := make(chan struct{})
		job := executor.RunInExecutor(co, nil, func() (string, error) {
			fmt.Fprintln(w, "job: started on a worker thread, while main still holds the loop")
			close(jobStarted)
			<-cRan
			fmt.Fprintln(w, "job: done")
			return "the job's result", nil
		})
		<-jobStarted // blocking, on purpose: proves the job started without the loop's help
		fmt.Fprintln(w, "main: awaits the job")
		res, err := aio.Await(co, job)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "main: the await returns %q\n", res)
		for _, t := range []*aio.Task[aio.None]{a, b, c} {
			if _, err := aio.Await(co, t); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

func startDemo(ctx context.Context, stdout io.Writer) error { return startTiming(ctx, stdout) }
