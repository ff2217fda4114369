// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package gospinner

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch04-spinner/README.md, "4. The Go way: a goroutine and a context"`

// screen is a writer for the spinner. It takes a virtual millisecond over
// the wipe, so that a Supervisor that does not wait for its spinner returns
// while the spinner is still drawing — every time, not by luck — and
// testing/synctest reports the spinner left behind.
type screen struct {
	mu  sync.Mutex
	out strings.Builder
}

func (s *screen) Write(p []byte) (int, error) {
	if strings.Trim(string(p), "\r ") == "" && strings.Contains(string(p), " ") {
		time.Sleep(time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func frames(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("\r" + string(`\|/-`[i%4]) + " thinking!")
	}
	return b.String() + "\r           \r" // 11 columns: "\r" takes none
}

func nap(d time.Duration, v int, err error) func(ctx context.Context, progress func(string)) (int, error) {
	return func(ctx context.Context, progress func(string)) (int, error) {
		select {
		case <-time.After(d):
			return v, err
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func probe(c *exercise.Check) []error {
	var errs []error
	c.Bubble(2*time.Second, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		errs = append(errs, exercise.Try(func() { Spin(ctx, &screen{}, "x", time.Millisecond, nil) }))
		var err error
		errs = append(errs, exercise.Try(func() { _, err = Supervisor(t.Context(), &screen{}, "x", time.Millisecond, nap(0, 0, nil)) }))
		if err != nil {
			errs[1] = err
		}
	})
	return errs
}

func TestSupervisorWaitsForTheSpinner(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var s screen
		got, err := Supervisor(t.Context(), &s, "thinking!", 100*time.Millisecond, nap(1250*time.Millisecond, 42, nil))
		seen := s.String() // what the screen shows the moment Supervisor returns
		if got != 42 || err != nil {
			t.Errorf("Supervisor(a 1.25 s slow returning 42) = %d, %v; want 42, nil", got, err)
		}
		if want := frames(13); seen != want {
			t.Errorf("when Supervisor returned, the spinner had written\n  %q\nwant 13 frames (at 0, 100, ..., 1200 ms) and the wipe:\n  %q", seen, want)
		}
	})
}

func TestAFailureStopsTheSpinnerToo(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var s screen
		boom := errors.New("boom")
		_, err := Supervisor(t.Context(), &s, "thinking!", 100*time.Millisecond, nap(250*time.Millisecond, 0, boom))
		if !errors.Is(err, boom) {
			t.Errorf("Supervisor(a slow failing with %q) returned the error %v, want %q", boom, err, boom)
		}
		if seen, want := s.String(), frames(3); seen != want {
			t.Errorf("with slow failing after 250ms the spinner wrote\n  %q\nwant\n  %q", seen, want)
		}
	})
}

func TestCtrlC(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var s screen
		ctx, interrupt := context.WithCancel(t.Context())
		time.AfterFunc(550*time.Millisecond, interrupt)
		start := time.Now()
		_, err := Supervisor(ctx, &s, "thinking!", 100*time.Millisecond, nap(time.Hour, 42, nil))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Supervisor interrupted after 550ms returned the error %v, want context.Canceled: pass ctx (or one derived from it) to slow", err)
		}
		if took := time.Since(start); took > 560*time.Millisecond {
			t.Errorf("Supervisor interrupted after 550ms returned after %v, want about 550ms: the spinner must stop the moment ctx is done; "+
				"select on ctx.Done() together with the tick, rather than sleeping a tick and then looking at ctx", took)
		}
		if seen, want := s.String(), frames(6); seen != want {
			t.Errorf("interrupted after 550ms the spinner wrote\n  %q\nwant\n  %q", seen, want)
		}
	})
}

// TestProgress: slow changes the message at 250ms and returns 42 at 450ms. The spinner shows
// the new message at once, wiping the old one, and keeps its ticks at 300 and 400ms.
func TestProgress(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var s screen
		got, err := Supervisor(t.Context(), &s, "thinking!", 100*time.Millisecond,
			func(ctx context.Context, progress func(string)) (int, error) {
				time.Sleep(250 * time.Millisecond)
				progress("almost!")
				time.Sleep(200 * time.Millisecond)
				return 42, nil
			})
		if got != 42 || err != nil {
			t.Errorf("Supervisor(a slow returning 42) = %d, %v; want 42, nil", got, err)
		}
		want := "\r\\ thinking!\r| thinking!\r/ thinking!" + // 0, 100, 200ms
			"\r           \r\r/ almost!" + // 250ms: wipe 11 columns, the same frame with the new message
			"\r- almost!\r\\ almost!" + // 300, 400ms
			"\r         \r" // 450ms: wipe 9 columns
		if seen := s.String(); seen != want {
			t.Errorf("slow called progress(\"almost!\") at 250ms and returned at 450ms; the spinner wrote\n  %q\nwant\n  %q\n"+
				"(the new message at once, over a wiped line, sent to the spinner's goroutine on a channel: "+
				"only that goroutine writes the screen and reads the message)", seen, want)
		}
	})
}
