package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// napper returns a coroutine that announces itself, naps and announces that it woke. With
// blocking set it naps with a blocking sleep, which never hands the loop back.
func napper(ctx context.Context, w io.Writer, n int, nap time.Duration, blocking bool) func(co *aio.Co) error {
	return func(co *aio.Co) error {
		if blocking {
			if ctx.Err() != nil { // Ctrl-C came during an earlier napper's nap: no more naps
				return ctx.Err()
			}
			fmt.Fprintf(w, "task %d naps\n", n)
			if err := sleepBlocking(ctx, nap); err != nil { // holds the baton: nobody else runs
				return err
			}
		} else {
			fmt.Fprintf(w, "task %d naps\n", n)
			if err := co.Sleep(nap); err != nil { // an await: others run meanwhile
				return err
			}
		}
		fmt.Fprintf(w, "task %d wakes\n", n)
		return nil
	}
}

// sleepBlocking is time.Sleep(d), except that Ctrl-C (ctx) cuts it short. It blocks the loop
// just as well: it never goes through the loop, so no other task runs meanwhile. Only, the
// demo stops at once on Ctrl-C, instead of sleeping out up to three naps first.
func sleepBlocking(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// napRace runs three nappers on one loop and reports how long the loop took.
func napRace(ctx context.Context, w io.Writer, nap time.Duration, blocking bool) (time.Duration, error) {
	start := time.Now()
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		var tasks []*aio.Task[aio.None]
		for n := 1; n <= 3; n++ {
			tasks = append(tasks, aio.Go(co, napper(ctx, w, n, nap, blocking)))
		}
		for _, t := range tasks {
			if _, err := aio.Await(co, t); err != nil {
				return err
			}
		}
		return nil
	})
	return time.Since(start), err
}

func sleepDemo(ctx context.Context, stdout io.Writer) error {
	nap := config.nap
	fmt.Fprintf(stdout, "three tasks, each naps %v with co.Sleep (await asyncio.sleep):\n", nap)
	var seen strings.Builder // the lines as the tasks printed them, for the verdict
	took, err := napRace(ctx, io.MultiWriter(stdout, &seen), nap, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "took %v\n", took.Round(time.Millisecond))
	// The verdicts follow from the order in which the tasks napped and woke, which the loop
	// decides, not from the times, which a busy machine stretches.
	if before(seen.String(), "task 2 naps", "task 1 wakes") {
		fmt.Fprintln(stdout, "task 2 napped before task 1 woke: the loop ran the naps side by side")
	} else {
		fmt.Fprintln(stdout, "task 2 napped only after task 1 woke: the naps did not overlap")
	}

	fmt.Fprintf(stdout, "\nthree tasks, each naps %v with time.Sleep (time.sleep):\n", nap)
	seen.Reset()
	took, err = napRace(ctx, io.MultiWriter(stdout, &seen), nap, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "took %v\n", took.Round(time.Millisecond))
	if before(seen.String(), "task 1 wakes", "task 2 naps") {
		fmt.Fprintln(stdout, "task 2 napped only after task 1 woke: each nap held the loop, one after another")
	}
	return ctx.Err()
}

// before reports whether line a comes before line b in out, both present.
func before(out, a, b string) bool {
	i, j := strings.Index(out, a+"\n"), strings.Index(out, b+"\n")
	return i >= 0 && j >= 0 && i < j
}
