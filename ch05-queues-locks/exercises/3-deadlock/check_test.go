// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package deadlock

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch05-queues-locks/README.md, "4. Worker pools" and "5. Stopping workers"`

var sizes = [][]int{{}, {1}, {1, 2, 3}, {1, 2, 3, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}

// TestBrokenDeadlocks shows what the exercise is about: the given program
// deadlocks, and testing/synctest says so. It runs whether or not you have
// started.
func TestBrokenDeadlocks(t *testing.T) {
	c := exercise.New(t, lesson)
	for _, jobs := range sizes[1:] {
		err := c.Deadlock(2*time.Second, func() { Broken(jobs) })
		if err == nil {
			t.Errorf("Broken(%v) returned, but it should deadlock: leave Broken as it is and write your fix in Fixed", jobs)
			continue
		}
		t.Logf("Broken(%v): all goroutines are asleep — %v", jobs, err)
	}
}

func TestFixed(t *testing.T) {
	c := exercise.New(t, lesson)
	// The first call only tells an untouched starter from an attempt; a
	// deadlock here is judged below.
	var err error
	c.Deadlock(2*time.Second, func() { _, err = Fixed([]int{1}) })
	c.Started(err)
	var now []int // the jobs of the call being checked
	c.Scenario(func() string {
		return fmt.Sprintf("Fixed(%v), three workers. Who waits for whom? A worker's send on out waits for a receiver; "+
			"a range over out ends only when out is closed, which must wait for the workers; and main cannot both wait and read", now)
	})
	for _, jobs := range sizes {
		var got []int
		var ferr error
		now = jobs
		c.Bubble(2*time.Second, func(t *testing.T) { got, ferr = Fixed(jobs) })
		if ferr != nil {
			t.Fatalf("Fixed(%v) failed: %v", jobs, ferr)
		}
		want := make([]int, 0, len(jobs))
		for _, j := range jobs {
			want = append(want, j*j)
		}
		if got := slices.Sorted(slices.Values(got)); !slices.Equal(got, want) {
			t.Errorf("Fixed(%v) = %v (sorted), want %v", jobs, got, want)
		}
	}
}
