// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package portbroadcast

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch04-spinner/README.md, "1. Threads: Thread and Event" and "4. The Go way: a goroutine and a context"`

const tick = 100 * time.Millisecond

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
					"Every spinner must end once done is closed, whether or not anyone reads its frames", err)
			}
		}()
		synctest.Test(t, f)
	})
}

// await runs f on a goroutine and fails the test if f panics, or if it has
// not returned within an hour of virtual time; then why says what it waited
// on.
func await(t *testing.T, what string, why func() string, f func()) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case r := <-done:
		if r == nil {
			return
		}
		if err, ok := r.(error); ok && exercise.IsTODO(err) {
			panic(r) // the starter: "not started"
		}
		hint := ""
		if fmt.Sprint(r) == "close of closed channel" {
			hint = "\nA channel is closed once, by one owner: a second close(done) panics where Python's second\n" +
				"Event.set() does nothing. Close it in one place (or guard it with sync.Once)"
		}
		t.Fatalf("%s panicked: %v%s", what, r, hint)
	case <-time.After(time.Hour):
		t.Fatalf("%s had not returned after an hour of virtual time: %s", what, why())
	}
}

// mine lists the goroutines of this bubble still alive that run code of the
// exercise (any file of this folder but check_test.go), each with its state and
// the first of its functions on its stack.
func mine() []string {
	file, _ := runtime.FuncForPC(reflect.ValueOf(Spinner).Pointer()).FileLine(reflect.ValueOf(Spinner).Pointer())
	dir := filepath.Dir(file) + "/"
	buf := make([]byte, 1<<20)
	self := string(buf[:runtime.Stack(buf, false)])
	bubble := self[strings.Index(self, "synctest bubble"):] // "synctest bubble N]:..."
	bubble = bubble[:strings.Index(bubble, "]")]
	buf = buf[:runtime.Stack(buf, true)]
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		lines := strings.Split(g, "\n")
		if !strings.Contains(lines[0], bubble+"]") { // this bubble's, not a dead one's
			continue
		}
		for i := 2; i < len(lines); i += 2 { // function, then its file:line
			where := strings.TrimSpace(lines[i])
			if !strings.HasPrefix(where, dir) || strings.HasPrefix(where, dir+"check_test.go") {
				continue
			}
			if j := strings.LastIndex(where, " +0x"); j > 0 {
				where = where[:j]
			}
			fn := lines[i-1][strings.LastIndex(lines[i-1], "/")+1:]
			fn = fn[:strings.LastIndex(fn, "(")] // no arguments
			found = append(found, fmt.Sprintf("%s %s at %s", strings.TrimSuffix(lines[0], ":"), fn, filepath.Base(where)))
			break
		}
	}
	return found
}

type frame struct {
	n  int
	at time.Duration
}

func (f frame) String() string { return fmt.Sprintf("%d at %v", f.n, f.at) }

var want = []frame{{1, 0}, {2, tick}, {3, 2 * tick}}

func probe(t *testing.T, c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		errs = append(errs,
			spinning(t),
			supervised())
	})
	return errs
}

// spinning calls Spinner with done closed, in a bubble, and reads what it
// sends for an hour of virtual time at most. It reports only whether Spinner
// is written: the tests judge the rest.
func spinning(t *testing.T) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); !ok || !strings.Contains(e.Error(), "blocked goroutines remain") {
				panic(r)
			}
		}
	}()
	synctest.Test(t, func(*testing.T) {
		err = exercise.Try(func() {
			done := make(chan struct{})
			close(done)
			frames := Spinner(done, tick)
			timeout := time.After(time.Hour)
			for {
				select {
				case _, ok := <-frames:
					if !ok {
						return
					}
				case <-timeout:
					return
				}
			}
		})
	})
	return err
}

// errProbe is what the probe's slow panics with: Supervise is written if it
// gets as far as calling slow. (With no spinners, there is nothing to stop.)
var errProbe = fmt.Errorf("probe")

func supervised() (err error) {
	defer func() {
		if r := recover(); r != nil && r != errProbe {
			panic(r)
		}
	}()
	return exercise.Try(func() { Supervise(0, tick, func() int { panic(errProbe) }, func(int, int) {}) })
}

// TestSpinner: frames 1, 2 and 3 at 0, 100 and 200ms; done is closed at
// 250ms, mid-tick, and the frames channel closes then.
func TestSpinner(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		done := make(chan struct{})
		var frames <-chan int
		await(t, "Spinner(done, 100ms)", func() string {
			return "Spinner must start a goroutine and return its channel at once, not draw the frames itself"
		}, func() { frames = Spinner(done, tick) })
		time.AfterFunc(250*time.Millisecond, func() { close(done) })
		var got []frame
		var closed time.Duration
		await(t, "a range over Spinner's frames, with done closed at 250ms", func() string {
			return fmt.Sprintf("it got the frames %v and then waited for ever: the frames channel was never closed.\n"+
				"The goroutine that sends on a channel closes it when it stops (defer close(frames)); a range\n"+
				"over the channel ends only then", got)
		}, func() {
			for n := range frames {
				got = append(got, frame{n, time.Since(start)})
			}
			closed = time.Since(start)
		})
		if !slices.Equal(got, want) {
			t.Errorf("Spinner(done, 100ms) sent the frames %v, want %v", got, want)
		}
		switch {
		case closed == 3*tick:
			t.Errorf("done was closed at 250ms, mid-tick, and the frames channel closed at 300ms, want 250ms:\n" +
				"the spinner slept through the rest of its tick. Wait for whichever comes first, with a select\n" +
				"on done and on the ticker — Python's done.wait(tick) returns early too")
		case closed != 250*time.Millisecond:
			t.Errorf("done was closed at 250ms, and the frames channel closed at %v, want 250ms: at once", closed)
		}
	})
}

// TestSpinnerNobodyReads: after frame 1 nobody reads; done is closed at
// 250ms, and the spinner's goroutine must end all the same.
func TestSpinnerNobodyReads(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		done := make(chan struct{})
		var frames <-chan int
		await(t, "Spinner(done, 100ms)", func() string {
			return "Spinner must start a goroutine and return its channel at once, not draw the frames itself"
		}, func() { frames = Spinner(done, tick) })
		await(t, "a receive of frame 1", func() string { return "the spinner never sent frame 1" }, func() { <-frames })
		time.Sleep(250 * time.Millisecond)
		close(done)
		synctest.Wait() // every goroutine in the bubble has now run as far as it can
		if stuck := mine(); len(stuck) > 0 {
			t.Errorf("done was closed at 250ms while nobody read the frames, and the spinner's goroutine was still there:\n"+
				"\t%s\nA bare send, frames <- n, waits for ever once nobody reads: put it in a select with a case\n"+
				"for <-done", strings.Join(stuck, "\n\t"))
		}
		await(t, "a range over the rest of the frames", func() string {
			return "the frames channel was never closed: the goroutine that sends on it closes it when it stops"
		}, func() {
			for range frames {
			}
		})
	})
}

// TestSupervise is the Python program with five spinners: slow takes 250ms,
// so each draws frames 1, 2 and 3, and all stop at 250ms; a wipe takes 10ms.
func TestSupervise(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		const n = 5
		start := time.Now()
		since := func() time.Duration { return time.Since(start) }
		var (
			mu       sync.Mutex
			frames   = map[int][]frame{}
			wiped    = map[int][]time.Duration{} // when each wipe ended
			late     = map[int]bool{}            // spinners drawing a minute after slow returned
			slowEnd  time.Duration
			returned = time.Duration(-1)
		)
		never := make(chan struct{})
		draw := func(spinner, n int) {
			mu.Lock()
			now := since()
			if slowEnd > 0 && now >= slowEnd+time.Minute {
				late[spinner] = true
				mu.Unlock()
				<-never // stop a spinner that would draw for ever
			}
			if n == 0 {
				mu.Unlock()
				time.Sleep(10 * time.Millisecond) // wiping a line takes a while
				mu.Lock()
				wiped[spinner] = append(wiped[spinner], since())
			} else {
				frames[spinner] = append(frames[spinner], frame{n, now})
			}
			mu.Unlock()
		}
		slow := func() int {
			time.Sleep(250 * time.Millisecond)
			mu.Lock()
			slowEnd = since()
			mu.Unlock()
			return 42
		}
		var answer int
		await(t, "Supervise(5 spinners, 100ms, a 250ms slow)", func() string {
			mu.Lock()
			defer mu.Unlock()
			var drawing []int
			for s := range late {
				drawing = append(drawing, s)
			}
			slices.Sort(drawing)
			if len(drawing) > 0 {
				return fmt.Sprintf("spinners %v were still drawing a minute after slow returned, and %d had stopped.\n"+
					"A send on done wakes one receiver; close(done) wakes every one, now and later: that is\n"+
					"Event.set()", drawing, n-len(drawing))
			}
			return "every spinner had stopped drawing; is a wait for something that never ends (a WaitGroup never Done)?"
		}, func() {
			answer = Supervise(n, tick, slow, draw)
			mu.Lock()
			returned = since()
			mu.Unlock()
		})
		time.Sleep(time.Second) // let anything still running show itself
		mu.Lock()
		defer mu.Unlock()
		if answer != 42 {
			t.Errorf("Supervise returned %d, want slow's answer, 42", answer)
		}
		for s := range n {
			if !slices.Equal(frames[s], want) {
				t.Errorf("spinner %d drew the frames %v, want %v", s, frames[s], want)
			}
			switch w := wiped[s]; {
			case len(w) != 1:
				t.Errorf("spinner %d's line was wiped %d times, want once, draw(%d, 0), after its last frame", s, len(w), s)
			case w[0] > returned:
				t.Errorf("Supervise returned at %v, before spinner %d's line was wiped (at %v): after close(done), wait\n"+
					"until every spinner's frames have ended and its line is wiped (sync.WaitGroup)", returned, s, w[0])
			}
		}
		if len(frames) > n {
			t.Errorf("frames were drawn for %d spinners, want %d (numbered 0 to %d)", len(frames), n, n-1)
		}
	})
}
