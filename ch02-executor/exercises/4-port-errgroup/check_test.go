// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package porterrgroup

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

const lesson = `ch02-executor/README.md, "The Go way: the runtime is the executor"`

var errReset = errors.New("connection reset")

// server is the check's Download: item takes dur(item), except that item
// fail fails after failAfter; once its context is done, a download takes
// cleanup more (closing its connection) and returns the context's error. It
// records when each download began and ended, and how many ran at once.
type server struct {
	start     time.Time
	dur       func(item int) time.Duration
	fail      int // -1: none fails
	failAfter time.Duration
	cleanup   time.Duration

	mu        sync.Mutex
	running   int
	most      int
	began     map[int]time.Duration
	cancelled map[int]time.Duration // when a download saw its context end
}

func newServer(dur func(int) time.Duration) *server {
	return &server{start: time.Now(), dur: dur, fail: -1,
		began: map[int]time.Duration{}, cancelled: map[int]time.Duration{}}
}

func (s *server) now() time.Duration { return time.Since(s.start) }

func (s *server) download(ctx context.Context, item int) (string, error) {
	s.mu.Lock()
	s.running++
	s.most = max(s.most, s.running)
	s.began[item] = s.now()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running--
		s.mu.Unlock()
	}()
	d := s.dur(item)
	if item == s.fail {
		d = s.failAfter
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		if item == s.fail {
			return "", fmt.Errorf("download %d: %w", item, errReset)
		}
		return fmt.Sprintf("data %d", item), nil
	case <-ctx.Done():
		s.mu.Lock()
		s.cancelled[item] = s.now()
		s.mu.Unlock()
		time.Sleep(s.cleanup)
		return "", ctx.Err()
	}
}

// snapshot returns how many downloads are running now, the most at once, and
// copies of when each began and saw its context end.
func (s *server) snapshot() (running, most int, began, cancelled map[int]time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running, s.most, maps(s.began), maps(s.cancelled)
}

func maps(m map[int]time.Duration) map[int]time.Duration {
	c := make(map[int]time.Duration, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// items returns the items [0, n) and a list of them for messages.
func items(n int) []int {
	var s []int
	for i := range n {
		s = append(s, i)
	}
	return s
}

func list(items []int) string {
	var b strings.Builder
	for i, item := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, item)
	}
	return b.String()
}

// bubble runs f in a testing/synctest bubble, where time is virtual and exact,
// within a few seconds of real time; a goroutine still blocked when f has
// returned fails the test as a leak.
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
					"Every goroutine you start must end before FetchAll returns: g.Wait() waits for them all", err)
			}
		}()
		synctest.Test(t, f)
	})
}

// await runs f on a goroutine and fails the test, naming what was waited on,
// if f has not returned within an hour of virtual time.
func await(t *testing.T, what, hint string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		t.Fatalf("%s had not returned after an hour of virtual time: %s", what, hint)
	}
}

const hang = "it waits for something that never comes (a slot nobody frees, a Wait for a goroutine that is never started)"

func probe(c *exercise.Check) error {
	var err error
	c.Within(2*time.Second, func() {
		_, err = FetchAll(context.Background(), 1, []int{1}, func(context.Context, int) (string, error) { return "", nil })
	})
	return err
}

// TestLimitAndOrder: ten downloads on three slots; download 1 takes 5 s and
// the others 1 s, so the other two slots do the other nine: 5 s in all.
func TestLimitAndOrder(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	bubble(t, c, func(t *testing.T) {
		s := newServer(func(item int) time.Duration {
			if item == 1 {
				return 5 * time.Second
			}
			return time.Second
		})
		var data []string
		var err error
		await(t, "FetchAll(ctx, 3, 0..9)", hang, func() { data, err = FetchAll(t.Context(), 3, items(10), s.download) })
		took := s.now()
		_, most, began, _ := s.snapshot()
		if err != nil {
			t.Fatalf("FetchAll(ctx, 3, 0..9) failed: %v; no download failed", err)
		}
		var want []string
		for i := range 10 {
			want = append(want, fmt.Sprintf("data %d", i))
		}
		if !slices.Equal(data, want) {
			t.Errorf("FetchAll(ctx, 3, 0..9) = %q,\nwant %q: the data in the order of the items", data, want)
		}
		if len(began) != 10 {
			t.Errorf("FetchAll(ctx, 3, 0..9) started %d downloads, want 10: one for every item", len(began))
		}
		switch {
		case most > 3:
			t.Errorf("FetchAll(ctx, 3, 0..9) ran %d downloads at the same moment, want at most 3 (max_workers=3).\n"+
				"Call g.SetLimit(limit) before the first g.Go: then g.Go waits for a free slot", most)
		case most < 3:
			t.Errorf("FetchAll(ctx, 3, 0..9) ran at most %d downloads at the same moment, want 3: use every slot", most)
		}
		switch {
		case took == 8*time.Second:
			t.Errorf("FetchAll(ctx, 3, 0..9) took 8s, want 5s: it ran the downloads in batches of three, each batch\n" +
				"waiting for its slowest (download 1, 5 s). A slot that frees should take the next item at once:\n" +
				"g.Go with g.SetLimit(3) does that")
		case took != 5*time.Second && most <= 3:
			t.Errorf("FetchAll(ctx, 3, 0..9) took %v, want 5s: download 1 takes 5 s in one slot while the other\n"+
				"two slots do the nine 1 s downloads", took)
		}
	})
}

// TestFirstErrorCancels is the Python program: downloads 0-2 take 2 s,
// download 3 fails 1 s after it starts, at 3 s; downloads 4 and 5, running
// then, are cancelled and take 100 ms to stop; 6-9 never start.
func TestFirstErrorCancels(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	bubble(t, c, func(t *testing.T) {
		s := newServer(func(item int) time.Duration {
			if item < 3 {
				return 2 * time.Second
			}
			return 4 * time.Second
		})
		s.fail, s.failAfter, s.cleanup = 3, time.Second, 100*time.Millisecond
		var data []string
		var err error
		await(t, "FetchAll(ctx, 3, 0..9) with download 3 failing at 3s", hang, func() {
			data, err = FetchAll(t.Context(), 3, items(10), s.download)
		})
		took := s.now()
		running, _, began, cancelled := s.snapshot()
		if !errors.Is(err, errReset) {
			t.Errorf("FetchAll returned %q, %v; want the first error, download 3's %q.\n"+
				"The others fail only because they were cancelled: their errors are not the cause (g.Wait()\n"+
				"returns the first error)", data, err, errReset)
		}
		if running > 0 {
			t.Errorf("FetchAll returned at %v while %d downloads were still running (stopping takes them 100 ms):\n"+
				"return only once every download you started has returned — g.Wait() waits for all", took, running)
		} else if took != 3100*time.Millisecond {
			t.Errorf("FetchAll returned at %v, want 3.1s: download 3 fails at 3s, and 4 and 5 then take 100 ms to stop", took)
		}
		var late []int
		for item, at := range began {
			if at >= 3*time.Second {
				late = append(late, item)
			}
		}
		slices.Sort(late)
		if len(late) > 0 {
			t.Errorf("downloads %s were started at 3s or later, after download 3 had failed: none should start then.\n"+
				"errgroup's g.Go runs its function as soon as a slot is free, failure or not: check the group's\n"+
				"ctx.Err() first, and return it instead of downloading", list(late))
		}
		for _, item := range []int{4, 5} {
			at, ok := cancelled[item]
			switch {
			case !ok:
				t.Errorf("download 3 failed at 3s, but download %d, running then, was not cancelled: it ran on.\n"+
					"errgroup.WithContext(ctx) returns a context that the first failure cancels: hand that one to the downloads", item)
			case at != 3*time.Second:
				t.Errorf("download %d saw its context end at %v, want 3s, when download 3 failed", item, at)
			}
		}
	})
}

// TestCallerCancels: the caller cancels at 500ms; the two running downloads
// stop, nothing else starts, and FetchAll returns context.Canceled.
func TestCallerCancels(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	bubble(t, c, func(t *testing.T) {
		s := newServer(func(int) time.Duration { return time.Second })
		s.cleanup = 100 * time.Millisecond
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		time.AfterFunc(500*time.Millisecond, cancel)
		var err error
		await(t, "FetchAll(ctx, 2, 0..5) with ctx cancelled at 500ms", hang, func() { _, err = FetchAll(ctx, 2, items(6), s.download) })
		took := s.now()
		_, _, began, cancelled := s.snapshot()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the caller cancelled ctx at 500ms, and FetchAll returned %v, want context.Canceled", err)
		}
		if len(cancelled) != 2 || len(began) != 2 {
			t.Errorf("the caller cancelled ctx at 500ms: %d downloads started and %d saw it, want 2 and 2 (the two running).\n"+
				"Derive the group's context from the caller's: errgroup.WithContext(ctx)", len(began), len(cancelled))
		}
		if took != 600*time.Millisecond {
			t.Errorf("the caller cancelled ctx at 500ms, and FetchAll returned at %v, want 600ms: once the two\n"+
				"running downloads have stopped (100 ms)", took)
		}
	})
}

// TestBadLimit: a limit below 1 is an error, not a pool that never runs.
func TestBadLimit(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	bubble(t, c, func(t *testing.T) {
		s := newServer(func(int) time.Duration { return time.Second })
		var err error
		await(t, "FetchAll(ctx, 0, [0])", "errgroup's SetLimit(0) lets no function run, so g.Go waits for ever: refuse a limit below 1",
			func() { _, err = FetchAll(t.Context(), 0, items(1), s.download) })
		if err == nil {
			t.Errorf("FetchAll(ctx, 0, [0]) returned no error, want one: zero slots would never run anything")
		}
	})
}
