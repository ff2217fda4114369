// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package stoppool

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch05-queues-locks/README.md, "4. Worker pools" and "5. Stopping workers"`

// jobber is the work: one (virtual) second, then the square; job 4 panics,
// job 5 fails. It records every job it starts.
type jobber struct {
	mu      sync.Mutex
	started []int
}

var errFive = errors.New("5 is not allowed")

func (j *jobber) f(n int) (int, error) {
	j.mu.Lock()
	j.started = append(j.started, n)
	j.mu.Unlock()
	time.Sleep(time.Second)
	switch n {
	case 4:
		panic(fmt.Sprintf("bad input %d", n))
	case 5:
		return 0, errFive
	}
	return n * n, nil
}

func (j *jobber) startedSorted() []int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Sorted(slices.Values(j.started))
}

func probe(c *exercise.Check) []error {
	var errs []error
	// Only tells a starter from an attempt: a deadlock here is judged, and explained, by the tests.
	c.Deadlock(2*time.Second, func() {
		sq := func(n int) (int, error) { return n * n, nil }
		errs = append(errs,
			exercise.Try(func() { ByPill(1, []int{1}, sq) }),
			exercise.Try(func() { ByClose(1, []int{1}, sq) }),
			exercise.Try(func() { ByContext(context.Background(), 1, []int{1}, sq) }))
	})
	return errs
}

func byJob(rs []Result) []Result {
	return slices.SortedFunc(slices.Values(rs), func(a, b Result) int { return a.Job - b.Job })
}

// panicked stands for job 4's error in what the check compares: the task asks only that the
// error carry the panic value, so any wording around "bad input 4" will do.
const panicked = "... bad input 4 ..."

// show lists the results; with loose, job 4's error is panicked if it carries the panic value.
func show(rs []Result, loose bool) string {
	var b strings.Builder
	for _, r := range rs {
		if r.Err != nil {
			msg := r.Err.Error()
			if loose && r.Job == 4 && strings.Contains(msg, "bad input 4") {
				msg = panicked
			}
			fmt.Fprintf(&b, "\n  job %d: error: %s", r.Job, msg)
		} else {
			fmt.Fprintf(&b, "\n  job %d: %d", r.Job, r.Value)
		}
	}
	return b.String()
}

// checkAll checks the results of jobs 1..6 on three workers.
func checkAll(t *testing.T, name string, run func(f func(int) (int, error)) []Result) {
	var j jobber
	start := time.Now()
	got := byJob(run(j.f))
	took := time.Since(start)
	want := "\n  job 1: 1\n  job 2: 4\n  job 3: 9\n  job 4: error: " + panicked + "\n  job 5: error: 5 is not allowed\n  job 6: 36"
	if show(got, true) != want {
		t.Errorf("%s(3 workers, jobs 1..6; job 4 panics, job 5 fails) returned%s\nwant (in any order; job 4's error carries the panic value, \"bad input 4\")%s", name, show(got, false), want)
		if len(got) < 6 {
			t.Errorf("%d of 6 results are missing: did the pool return before its last workers had delivered?", 6-len(got))
		}
	}
	for _, r := range got {
		if r.Job == 5 && !errors.Is(r.Err, errFive) {
			t.Errorf("job 5's error is %v, want f's own error (errors.Is(err, errFive))", r.Err)
		}
	}
	if took != 2*time.Second {
		t.Errorf("six 1 s jobs on three workers took %v, want 2s: are all three workers busy?", took)
	}
}

func TestByPill(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Scenario(func() string {
		return "ByPill(3 workers, jobs 1..6): each worker returns when it takes a pill, so it takes three pills, one per worker, " +
			"queued after the jobs, for every worker to return; and results are read until the last worker has returned"
	})
	c.Bubble(2*time.Second, func(t *testing.T) {
		checkAll(t, "ByPill", func(f func(int) (int, error)) []Result { return ByPill(3, []int{1, 2, 3, 4, 5, 6}, f) })
	})
}

func TestByClose(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Scenario(func() string {
		return "ByClose(3 workers, jobs 1..6): a worker's range over the job channel ends only once the channel is closed " +
			"and drained, so whoever sends the jobs closes it after the last; and results are read until the last worker has returned"
	})
	c.Bubble(2*time.Second, func(t *testing.T) {
		checkAll(t, "ByClose", func(f func(int) (int, error)) []Result { return ByClose(3, []int{1, 2, 3, 4, 5, 6}, f) })
	})
}

func TestByContextWithoutCancel(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		checkAll(t, "ByContext", func(f func(int) (int, error)) []Result {
			return ByContext(t.Context(), 3, []int{1, 2, 3, 4, 5, 6}, f)
		})
	})
}

// TestByContextCancelled: 1000 jobs, three workers, cancelled at 2.5 s. Nine
// jobs have started by then (three at 0 s, 1 s and 2 s); their workers
// deliver at 3 s and take no more.
func TestByContextCancelled(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		jobs := make([]int, 1000)
		for i := range jobs {
			jobs[i] = 100 + i
		}
		var j jobber
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(2500*time.Millisecond, cancel)
		start := time.Now()
		got := byJob(ByContext(ctx, 3, jobs, j.f))
		took := time.Since(start)
		var gotJobs []int
		for _, r := range got {
			gotJobs = append(gotJobs, r.Job)
		}
		started := j.startedSorted()
		if !slices.Equal(gotJobs, started) {
			t.Errorf("cancelled at 2.5s, ByContext started jobs %v\nbut returned results for %v: every started job's result, exactly once", started, gotJobs)
		}
		if len(started) != 9 {
			t.Errorf("cancelled at 2.5s, three workers started %d jobs, want 9 (three at 0s, 1s and 2s): "+
				"once cancelled, a worker must take no more jobs", len(started))
		}
		if took != 3*time.Second {
			t.Errorf("cancelled at 2.5s, ByContext returned after %v, want 3s: when the jobs in hand are done", took)
		}
	})
}
