// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package portwaitfor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch01-blocking/README.md, "The Go way: goroutines"`

// request is a Fetch that answers "NAME after D" after d, or fails with err
// then, unless its context ends first: then it returns the context's error at
// once, as a well-behaved Go function does. It records what it saw.
type request struct {
	name  string
	d     time.Duration
	err   error
	start time.Time // the check's time zero

	mu      sync.Mutex
	calls   int
	ctx     context.Context
	began   time.Duration // when fetch was called
	stopped time.Duration // when it saw its context end; -1 if it never did
}

func newRequest(start time.Time, name string, d time.Duration) *request {
	return &request{name: name, d: d, start: start, stopped: -1}
}

func (r *request) fetch(ctx context.Context) (string, error) {
	r.mu.Lock()
	r.calls++
	r.ctx = ctx
	r.began = time.Since(r.start)
	r.mu.Unlock()
	timer := time.NewTimer(r.d)
	defer timer.Stop()
	select {
	case <-timer.C:
		if r.err != nil {
			return "", r.err
		}
		return fmt.Sprintf("%s after %v", r.name, r.d), nil
	case <-ctx.Done():
		r.mu.Lock()
		r.stopped = time.Since(r.start)
		r.mu.Unlock()
		return "", ctx.Err()
	}
}

// seen returns what the request recorded.
func (r *request) seen() (calls int, ctx context.Context, began, stopped time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls, r.ctx, r.began, r.stopped
}

// bubble runs f in a testing/synctest bubble, where time is virtual and exact,
// within a few seconds of real time. A goroutine of the reader's still blocked
// when f has returned is a leak, and fails the test saying so.
func bubble(t *testing.T, c *exercise.Check, f func(t *testing.T)) {
	t.Helper()
	c.Within(5*time.Second, func() {
		defer func() {
			if r := recover(); r != nil {
				err, ok := r.(error)
				if !ok || !strings.Contains(err.Error(), "blocked goroutines remain") {
					panic(r)
				}
				t.Fatalf("a goroutine your code started was still blocked when the check ended (testing/synctest: %v).\n"+
					"A leaked goroutine: is one blocked sending a result on a channel that nobody reads any more,\n"+
					"because WaitFor already returned? Give that channel a buffer of one — or, simpler, do not race\n"+
					"fetch against a timer at all: fetch stops by itself when its context ends.", err)
			}
		}()
		synctest.Test(t, f)
	})
}

// await runs f on a goroutine and fails the test, naming what was waited on,
// if f has not returned within an hour of the bubble's virtual time: a
// goroutine that waits for something that never comes.
func await(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		t.Fatalf("%s had not returned after an hour of virtual time: it waits for something that never comes\n"+
			"(a receive nobody sends to, a WaitGroup that is never Done)", what)
	}
}

func probe(c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		ok := func(context.Context) (string, error) { return "", nil }
		_, err := WaitFor(context.Background(), time.Second, ok)
		_, gerrs := Gather(context.Background(), time.Second, []Fetch{ok})
		errs = append(errs, err, gerrs[0])
	})
	return errs
}

// TestWaitForInTime: a 300ms request under a 500ms limit answers at 300ms, and
// the context WaitFor made for it is done once WaitFor returns.
func TestWaitForInTime(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		a := newRequest(start, "a", 300*time.Millisecond)
		var got string
		var err error
		await(t, "WaitFor(ctx, 500ms, a 300ms request)", func() { got, err = WaitFor(t.Context(), 500*time.Millisecond, a.fetch) })
		took := time.Since(start)
		calls, ctx, _, _ := a.seen()
		if calls != 1 {
			t.Fatalf("WaitFor called fetch %d times, want once", calls)
		}
		if got != "a after 300ms" || err != nil {
			t.Errorf("WaitFor(ctx, 500ms, a 300ms request) = %q, %v; want %q, <nil>", got, err, "a after 300ms")
		}
		if took != 300*time.Millisecond {
			t.Errorf("WaitFor(ctx, 500ms, a 300ms request) returned after %v, want 300ms: as soon as fetch answers", took)
		}
		deadline, hasDeadline := ctx.Deadline()
		switch {
		case !hasDeadline:
			t.Errorf("the context WaitFor gave fetch has no deadline: make it with context.WithTimeout(ctx, limit),\n" +
				"so that fetch itself knows when to give up")
		case deadline.Sub(start) != 500*time.Millisecond:
			t.Errorf("the context WaitFor gave fetch ends %v after the start, want 500ms: the limit", deadline.Sub(start))
		case ctx.Err() == nil:
			t.Errorf("WaitFor returned at 300ms, but the context it gave fetch was still live: you forgot to call cancel.\n" +
				"Write defer cancel() right after context.WithTimeout; otherwise the context and its timer live on\n" +
				"until the limit (go vet's lostcancel check says the same)")
		}
	})
}

// TestWaitForTimeout: a 900ms request under a 500ms limit is stopped at 500ms
// and WaitFor returns context.DeadlineExceeded, Python's TimeoutError.
func TestWaitForTimeout(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		b := newRequest(start, "b", 900*time.Millisecond)
		var got string
		var err error
		await(t, "WaitFor(ctx, 500ms, a 900ms request)", func() { got, err = WaitFor(t.Context(), 500*time.Millisecond, b.fetch) })
		took := time.Since(start)
		time.Sleep(time.Second) // let a request that was never stopped run to its end
		_, _, _, stopped := b.seen()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("WaitFor(ctx, 500ms, a 900ms request) = %q, %v; want context.DeadlineExceeded (Python's TimeoutError)", got, err)
		}
		if took != 500*time.Millisecond {
			t.Errorf("WaitFor(ctx, 500ms, a 900ms request) returned after %v, want 500ms: at the limit", took)
		}
		switch {
		case stopped < 0:
			t.Errorf("the 900ms request was never stopped: its context was not done at the limit, so it ran to its end.\n" +
				"Racing fetch against a timer only stops waiting for it. Hand fetch a context that ends at the\n" +
				"limit, context.WithTimeout(ctx, limit), and fetch stops itself (as wait_for cancels the coroutine)")
		case stopped != 500*time.Millisecond:
			t.Errorf("the 900ms request saw its context end at %v, want 500ms: the limit", stopped)
		}
	})
}

// TestWaitForCallerCancels: the caller cancels at 100ms, before the 500ms
// limit. That is no timeout: WaitFor returns context.Canceled.
func TestWaitForCallerCancels(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		d := newRequest(start, "d", 900*time.Millisecond)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(100*time.Millisecond, cancel)
		var got string
		var err error
		await(t, "WaitFor(ctx, 500ms, a 900ms request) with ctx cancelled at 100ms", func() { got, err = WaitFor(ctx, 500*time.Millisecond, d.fetch) })
		took := time.Since(start)
		if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the caller cancelled ctx at 100ms, and WaitFor returned %q, %v; want context.Canceled.\n"+
				"That was the caller's cancellation, not a timeout (wait_for passes CancelledError on too): return\n"+
				"what fetch returns — its context's error already tells the two apart — instead of turning every\n"+
				"error into DeadlineExceeded", got, err)
		}
		if took != 100*time.Millisecond {
			t.Errorf("the caller cancelled ctx at 100ms, and WaitFor returned after %v, want 100ms: at once.\n"+
				"Derive the timeout's context from the caller's ctx, so that cancelling one cancels the other", took)
		}
	})
}

var errRefused = errors.New("connection refused")

// TestWaitForOwnError: fetch's own error comes back unchanged.
func TestWaitForOwnError(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	bubble(t, c, func(t *testing.T) {
		e := newRequest(time.Now(), "e", 100*time.Millisecond)
		e.err = errRefused
		var err error
		await(t, "WaitFor(ctx, 500ms, a request that fails at 100ms)", func() { _, err = WaitFor(t.Context(), 500*time.Millisecond, e.fetch) })
		if !errors.Is(err, errRefused) {
			t.Errorf("fetch failed with %q at 100ms, and WaitFor returned %v; want fetch's own error, unchanged", errRefused, err)
		}
	})
}

// TestGather is the Python program's gather: requests of 300, 900 and 100ms
// under a 500ms limit, all at once.
func TestGather(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		reqs := []*request{
			newRequest(start, "a", 300*time.Millisecond),
			newRequest(start, "b", 900*time.Millisecond),
			newRequest(start, "c", 100*time.Millisecond),
		}
		var answers []string
		var errs []error
		await(t, "Gather(ctx, 500ms, requests of 300, 900 and 100ms)", func() {
			answers, errs = Gather(t.Context(), 500*time.Millisecond, []Fetch{reqs[0].fetch, reqs[1].fetch, reqs[2].fetch})
		})
		took := time.Since(start)
		if len(answers) != 3 || len(errs) != 3 {
			t.Fatalf("Gather of three requests returned %d answers and %d errors, want 3 and 3", len(answers), len(errs))
		}
		for _, r := range reqs {
			calls, _, began, _ := r.seen()
			switch {
			case calls != 1:
				t.Errorf("Gather called request %s's fetch %d times, want once", r.name, calls)
			case began != 0:
				t.Errorf("request %s started at %v, want 0: all at once, a goroutine each, as gather runs its coroutines side by side", r.name, began)
			}
		}
		if want := []string{"a after 300ms", "", "c after 100ms"}; !slices.Equal(answers, want) {
			t.Errorf("Gather returned the answers %q, want %q:\n"+
				"in the order of the fetches, not the order they finished — goroutine i writes answers[i] and errs[i]", answers, want)
		}
		if errs[0] != nil || !errors.Is(errs[1], context.DeadlineExceeded) || errs[2] != nil {
			t.Errorf("Gather returned the errors %v, want [<nil> %v <nil>]: only b, 900ms, passes the 500ms limit", errs, context.DeadlineExceeded)
		}
		switch {
		case took == 900*time.Millisecond:
			t.Errorf("Gather took 900ms = 300ms + 500ms + 100ms, want 500ms: the requests ran one after another.\n" +
				"Start a goroutine for each, then wait for all of them (sync.WaitGroup)")
		case took != 500*time.Millisecond:
			t.Errorf("Gather took %v, want 500ms: all three at once, so as long as the longest, b, cut at the limit", took)
		}
	})
}
