// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package portpipeline

import (
	"context"
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

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch05-queues-locks/README.md, "4. Worker pools" and "5. Stopping workers"`

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
					"Every goroutine of the pipeline must end: when its input is closed, or when ctx is done", err)
			}
		}()
		synctest.Test(t, f)
	})
}

// await runs f on a goroutine and fails the test if f panics, or if it has
// not returned within an hour of virtual time; then why says what it waited
// on.
func await(t *testing.T, what, why string, f func()) {
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
		t.Fatalf("%s panicked: %v", what, r)
	case <-time.After(time.Hour):
		t.Fatalf("%s had not returned after an hour of virtual time: %s", what, why)
	}
}

// feed sends the numbers on a channel of its own, then closes it; it stops
// early when ctx is done.
func feed(ctx context.Context, numbers ...int) <-chan int {
	in := make(chan int)
	go func() {
		defer close(in)
		for _, x := range numbers {
			select {
			case in <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	return in
}

// mine lists the goroutines of this bubble still alive that run code of the
// exercise (any file of this folder but check_test.go), each with its state and
// the first of its functions on its stack.
func mine() []string {
	file, _ := runtime.FuncForPC(reflect.ValueOf(Squares).Pointer()).FileLine(reflect.ValueOf(Squares).Pointer())
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

func square(x int) int { return x * x }

// slowSquare squares in a second of virtual time, counting how many run at once.
type slowSquare struct {
	mu            sync.Mutex
	running, most int
}

func (s *slowSquare) square(x int) int {
	s.mu.Lock()
	s.running++
	s.most = max(s.most, s.running)
	s.mu.Unlock()
	time.Sleep(time.Second)
	s.mu.Lock()
	s.running--
	s.mu.Unlock()
	return x * x
}

// recorder is a goleak.TestingT that records what it is told.
type recorder struct {
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprint(args...))
}

func (r *recorder) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errors) > 0
}

func probe(t *testing.T, c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a cancelled context: whatever is written stops at once
		errs = append(errs,
			written(t, func() { Generate(ctx, 0) }),
			written(t, func() {
				in := make(chan int)
				close(in)
				Work(ctx, in, make(chan int, 1), square)
			}),
			written(t, func() { Squares(ctx, 0, 0, square) }),
			exercise.Try(func() { LeakTest(&recorder{}, func() {}) }))
	})
	return errs
}

// written calls f in a bubble and returns the TODO it panics with, if any. It
// reports only whether the code is written: any other panic, a hang or a
// goroutine left blocked is for the tests to judge.
func written(t *testing.T, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); !ok || !strings.Contains(e.Error(), "blocked goroutines remain") {
				panic(r)
			}
		}
	}()
	synctest.Test(t, func(*testing.T) {
		done := make(chan error, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					if e, ok := r.(error); ok && exercise.IsTODO(e) {
						done <- e
						return
					}
					done <- nil // written, if wrongly
				}
			}()
			f()
			done <- nil
		}()
		select {
		case err = <-done:
		case <-time.After(time.Hour):
		}
	})
	return err
}

// settle waits until goroutines that earlier tests stopped have ended (goleak
// retries for a while), so that a count of goroutines is not thrown off by one
// still on its way out. What is left for good is no concern of this test.
func settle() { _ = goleak.Find() }

// TestLeakTestFindsALeak gives LeakTest a function that leaves a goroutine
// blocked for good: LeakTest must fail it.
func TestLeakTestFindsALeak(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	c.Within(10*time.Second, func() {
		settle()
		release := make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(release) // after LeakTest: let the "leaked" goroutine end
		calls := 0
		rec := &recorder{}
		LeakTest(rec, func() {
			calls++
			wg.Go(func() { <-release }) // blocked until the check is over
		})
		if calls != 1 {
			t.Fatalf("LeakTest called f %d times, want once", calls)
		}
		if !rec.failed() {
			t.Errorf("your LeakTest passed a function that leaves a goroutine blocked for good: it must fail it.\n" +
				"Call goleak.VerifyNone(t, ...) after f has returned — defer it at the top of LeakTest — not before")
		}
	})
}

// TestLeakTestIgnoresOlderGoroutines: a goroutine that was running before f
// was called is not f's leak.
func TestLeakTestIgnoresOlderGoroutines(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	c.Within(10*time.Second, func() {
		settle()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(stop)
		wg.Go(func() { <-stop }) // someone else's goroutine, running all along
		rec := &recorder{}
		LeakTest(rec, func() {})
		if rec.failed() {
			t.Errorf("your LeakTest failed a function that starts no goroutine at all, blaming it for one that was\n"+
				"running before f was called (another test's, say). Pass goleak.IgnoreCurrent() to VerifyNone,\n"+
				"evaluated before f runs: defer goleak.VerifyNone(t, goleak.IgnoreCurrent()). It said:\n%s",
				strings.Join(rec.errors, "\n"))
		}
	})
}

// TestLeakTestWaitsForEndingGoroutines: a goroutine that ends 20ms after f
// returns — stopped by f, on its way out — is not a leak.
func TestLeakTestWaitsForEndingGoroutines(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	c.Within(10*time.Second, func() {
		settle()
		var wg sync.WaitGroup
		defer wg.Wait()
		rec := &recorder{}
		LeakTest(rec, func() {
			wg.Go(func() { time.Sleep(20 * time.Millisecond) }) // ending, not leaked
		})
		if rec.failed() {
			t.Errorf("your LeakTest failed a function whose goroutine ends 20 ms after f returns: that is not a leak.\n"+
				"goleak.VerifyNone retries for a while before it calls a goroutine leaked; a count of\n"+
				"runtime.NumGoroutine() taken at once does not. It said:\n%s", strings.Join(rec.errors, "\n"))
		}
	})
}

// TestGenerate: 1 to 5, then closed; and a cancelled Generate ends while
// nobody reads.
func TestGenerate(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		var got []int
		await(t, "a range over Generate(ctx, 5)",
			"the channel was never closed: the producer closes it after its last number (defer close)",
			func() {
				for x := range Generate(t.Context(), 5) {
					got = append(got, x)
				}
			})
		if want := []int{1, 2, 3, 4, 5}; !slices.Equal(got, want) {
			t.Errorf("Generate(ctx, 5) sent %v, want %v", got, want)
		}
		ctx, cancel := context.WithCancel(t.Context())
		var numbers <-chan int
		await(t, "Generate(ctx, 1000) and two receives", "Generate must start a goroutine and return its channel at once",
			func() {
				numbers = Generate(ctx, 1000)
				<-numbers
				<-numbers
			})
		cancel()
		synctest.Wait()
		if stuck := mine(); len(stuck) > 0 {
			t.Errorf("ctx was cancelled while nobody read, and Generate's goroutine was still there:\n\t%s\n"+
				"A bare send waits for ever once nobody reads: select on the send and on ctx.Done()",
				strings.Join(stuck, "\n\t"))
		}
		await(t, "a range over the rest of Generate's numbers", "the channel was never closed after ctx was cancelled",
			func() {
				for range numbers {
				}
			})
	})
}

// TestWork: a worker squares what it gets until its input is closed, leaves
// out open, and stops when ctx is done even while nobody reads.
func TestWork(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		out := make(chan int, 10)
		await(t, "Work(ctx, 1 2 3 then closed, out, square)",
			"Work must return when its input channel is closed: for x := range in, or a receive's ok",
			func() { Work(t.Context(), feed(t.Context(), 1, 2, 3), out, square) })
		var got []int
	drain:
		for {
			select {
			case sq, ok := <-out:
				if !ok {
					t.Errorf("Work closed out. Several workers send on out, so no worker may close it: the first to\n" +
						"finish would make the others' sends panic (send on closed channel). Squares closes it,\n" +
						"once every worker has returned")
					break drain
				}
				got = append(got, sq)
			default:
				break drain
			}
		}
		if want := []int{1, 4, 9}; !slices.Equal(got, want) {
			t.Errorf("Work, given 1 2 3, sent %v, want %v", got, want)
		}

		ctx, cancel := context.WithCancel(t.Context())
		unread := make(chan int) // nobody reads it
		time.AfterFunc(time.Second, cancel)
		await(t, "Work with nobody reading out, and ctx cancelled at 1s",
			"it waits on a send (or a receive) that never happens: select on it and on ctx.Done()",
			func() { Work(ctx, feed(ctx, 1, 2, 3), unread, square) })
	})
}

// TestSquares: six numbers, three workers, a second per square: two rounds,
// 2 s, three at once, and the channel closed then.
func TestSquares(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		start := time.Now()
		s := &slowSquare{}
		var got []int
		var closed time.Duration
		await(t, "a range over Squares(ctx, 6, 3, a 1 s square)",
			"the results channel was never closed. Close it once every worker has returned: a goroutine of its\n"+
				"own does wg.Wait() and then close(results) — not a worker, and not before they are all done",
			func() {
				for sq := range Squares(t.Context(), 6, 3, s.square) {
					got = append(got, sq)
				}
				closed = time.Since(start)
			})
		slices.Sort(got) // the workers finish in any order
		if want := []int{1, 4, 9, 16, 25, 36}; !slices.Equal(got, want) {
			t.Errorf("Squares(ctx, 6, 3, square) delivered %v (sorted), want %v: every number's square, once", got, want)
		}
		s.mu.Lock()
		most := s.most
		s.mu.Unlock()
		switch {
		case most == 1:
			t.Errorf("Squares(ctx, 6, 3, square) squared one number at a time (took %v), want three at once:\n"+
				"fan out — start `workers` goroutines, all receiving from the one channel of numbers", closed)
		case most != 3:
			t.Errorf("Squares(ctx, 6, 3, square) squared %d numbers at once, want 3: one per worker", most)
		case closed != 2*time.Second:
			t.Errorf("the results channel closed at %v, want 2s: two rounds of three one-second squares", closed)
		}
	})
}

// TestSquaresCancel: the reader takes four squares, cancels ctx and reads no
// more; every goroutine of the pipeline must end all the same.
func TestSquaresCancel(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var results <-chan int
		await(t, "Squares(ctx, 100, 3, square) and four receives", "the pipeline never delivered four squares",
			func() {
				results = Squares(ctx, 100, 3, square)
				for range 4 {
					<-results
				}
			})
		cancel()
		synctest.Wait()
		if stuck := mine(); len(stuck) > 0 {
			t.Errorf("ctx was cancelled while nobody read the results, and goroutines of the pipeline were still there:\n"+
				"\t%s\nEvery send and receive in the pipeline needs a select with a case for <-ctx.Done()",
				strings.Join(stuck, "\n\t"))
		}
		await(t, "a range over the rest of the results", "the results channel was never closed after ctx was cancelled",
			func() {
				for range results {
				}
			})
	})
}

// TestFirstSquare: the function you fixed returns a square and leaves nothing
// running.
func TestFirstSquare(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	bubble(t, c, func(t *testing.T) {
		var sq int
		await(t, "FirstSquare(100, 3, square)", "it never got a first square", func() { sq = FirstSquare(100, 3, square) })
		if sq < 1 || sq > 100*100 {
			t.Errorf("FirstSquare(100, 3, square) = %d, want the square of a number from 1 to 100", sq)
		}
		synctest.Wait()
		if stuck := mine(); len(stuck) > 0 {
			t.Errorf("FirstSquare returned and left goroutines of the pipeline blocked for ever:\n\t%s\n"+
				"That is the leak your LeakTest should find. Give Squares a context and cancel it when you stop\n"+
				"reading (defer cancel()): every goroutine then takes its <-ctx.Done() case and ends",
				strings.Join(stuck, "\n\t"))
		}
		// A leaky FirstSquare's goroutines are blocked for good: the bubble reports them too.
	})
}

// TestLeakTestOnFirstSquare runs your LeakTest, for real, on FirstSquare as
// it was given (it must fail) and on yours (it must pass). The given one's
// pipeline is cancelled only once LeakTest has returned, so that it does not
// stay blocked for as long as the test binary runs.
func TestLeakTestOnFirstSquare(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(t, c)...)
	c.Within(10*time.Second, func() {
		settle()
		fixed := &recorder{}
		LeakTest(fixed, func() { FirstSquare(100, 3, square) })
		if fixed.failed() {
			t.Errorf("your LeakTest failed your FirstSquare. If TestFirstSquare fails too, FirstSquare still leaks;\n"+
				"if not, LeakTest is too quick to call a goroutine leaked. It said:\n%s", strings.Join(fixed.errors, "\n"))
		}
		given := &recorder{}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // after LeakTest: now let the pipeline end
		LeakTest(given, func() {
			for sq := range Squares(ctx, 100, 3, square) { // FirstSquare as given: no cancel
				_ = sq
				return
			}
		})
		if !given.failed() {
			t.Errorf("your LeakTest passed FirstSquare as it was given, which leaves the pipeline blocked for ever:\n" +
				"it must fail it. Call goleak.VerifyNone(t, ...) after f has returned")
		}
	})
}
