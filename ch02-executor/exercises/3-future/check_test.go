// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package future

import (
	"context"
	"errors"
	"fmt"
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
	c.Scenario(func() string {
		return "three goroutines wait in Result on one future, and SetResult(42) must wake every one of them. " +
			"If some still wait, SetResult woke only one: a send wakes only one receiver, closing a channel wakes them all"
	})
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

func TestError(t *testing.T) {
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
	})
}

func TestGivingUp(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Scenario(func() string {
		return "Result(ctx) on a future nobody completes, with a ctx that times out after 3s. " +
			"Result is still waiting: it ignores ctx; select on ctx.Done() as well as on the future"
	})
	c.Bubble(2*time.Second, func(t *testing.T) {
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

// big is a large value: copying it into the future takes a while, so that when several
// goroutines complete one future at once, the others reach their own "is it done?" while the
// first is still between its check and its close. Without a lock around check-and-complete,
// two of them then complete it: two writes of the value (a data race, which -race reports) and
// two closes (a panic).
type big [4096]int64

// TestConcurrentCompletion: four goroutines complete one future at the same moment, round after
// round for two seconds, stopping at the first round that goes wrong.
func TestConcurrentCompletion(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Within(10*time.Second, func() {
		begin := time.Now()
		for round := 1; round <= 20 || time.Since(begin) < 2*time.Second; round++ {
			f := New[big]()
			start := make(chan struct{})
			var wins atomic.Int32
			var panics atomic.Value
			var wg sync.WaitGroup
			for i := range 4 {
				wg.Go(func() {
					defer func() {
						if r := recover(); r != nil {
							panics.Store(fmt.Sprint(r))
						}
					}()
					var v big
					v[0] = int64(i)
					<-start
					if f.SetResult(v) == nil {
						wins.Add(1)
					}
				})
			}
			close(start)
			wg.Wait()
			if p := panics.Load(); p != nil {
				t.Errorf("four goroutines called SetResult at once, and one panicked: %v (round %d).\n"+
					"Two of them both found the future pending and both completed it: "+
					"make \"is it done? then complete it\" one step, under a sync.Mutex", p, round)
				return
			}
			if n := wins.Load(); n != 1 {
				t.Errorf("four goroutines called SetResult at once and %d succeeded, want exactly 1 (round %d)", n, round)
				return
			}
		}
	})
}
