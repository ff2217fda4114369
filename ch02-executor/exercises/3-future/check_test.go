// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package future

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch02-executor/README.md, "A future's life"`

func probe(c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		f := New[int]()
		errs = append(errs, f.SetResult(1), f.SetError(errors.New("x")))
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		_, err := f.Result(ctx)
		errs = append(errs, err)
	})
	return errs
}

func TestEveryWaiterGetsTheResult(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		f := New[int]()
		var returned atomic.Int32
		var wg sync.WaitGroup
		got := make([]int, 3)
		errs := make([]error, 3)
		for i := range 3 {
			wg.Go(func() {
				got[i], errs[i] = f.Result(t.Context())
				returned.Add(1)
			})
		}
		time.Sleep(time.Second)
		if n := returned.Load(); n != 0 {
			t.Errorf("%d of 3 waiters returned from Result before the future was completed, want 0: Result must wait", n)
		}
		if f.Done() {
			t.Errorf("Done() = true before SetResult, want false")
		}
		if err := f.SetResult(42); err != nil {
			t.Errorf("SetResult(42) on a pending future = %v, want nil", err)
		}
		wg.Wait()
		for i := range 3 {
			if got[i] != 42 || errs[i] != nil {
				t.Errorf("waiter %d: Result = %d, %v; want 42, nil", i, got[i], errs[i])
			}
		}
		if !f.Done() {
			t.Errorf("Done() = false after SetResult, want true")
		}
		if v, err := f.Result(t.Context()); v != 42 || err != nil {
			t.Errorf("Result after completion = %d, %v; want 42, nil at once", v, err)
		}
	})
}

func TestOnlyOnce(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		f := New[string]()
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if f.SetResult("mine") == nil {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Errorf("10 goroutines called SetResult at once and %d succeeded, want exactly 1", n)
		}
		if err := f.SetError(errors.New("late")); !errors.Is(err, ErrInvalidState) {
			t.Errorf("SetError on a done future = %v, want ErrInvalidState", err)
		}
		if v, err := f.Result(t.Context()); v != "mine" || err != nil {
			t.Errorf("Result = %q, %v after a rejected SetError; want \"mine\", nil: a done future never changes", v, err)
		}
	})
}

func TestErrorAndGivingUp(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		boom := errors.New("boom")
		f := New[int]()
		if err := f.SetError(boom); err != nil {
			t.Errorf("SetError on a pending future = %v, want nil", err)
		}
		if _, err := f.Result(t.Context()); !errors.Is(err, boom) {
			t.Errorf("Result after SetError(boom) gave the error %v, want boom", err)
		}

		pending := New[int]()
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := pending.Result(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Result on a pending future with a 3 s timeout gave the error %v, want context.DeadlineExceeded", err)
		}
		if took := time.Since(start); took != 3*time.Second {
			t.Errorf("Result with a 3 s timeout returned after %v, want 3s", took)
		}
	})
}
