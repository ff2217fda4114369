package measure

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
)

func TestOf(t *testing.T) {
	got := Of(30*time.Millisecond, 20*time.Millisecond, 25*time.Millisecond)
	want := Timing{Best: 20 * time.Millisecond, Worst: 30 * time.Millisecond, Runs: 3}
	if got != want {
		t.Errorf("Of(30ms, 20ms, 25ms) = %+v, want %+v", got, want)
	}
	if s := got.Spread(); s != "+50%" {
		t.Errorf("%+v.Spread() = %q, want +50%%", got, s)
	}
	if s := Of(time.Second).Spread(); s != "+0%" {
		t.Errorf("Of(1s).Spread() = %q, want +0%%", s)
	}
}

func TestRepeat(t *testing.T) {
	ds := []time.Duration{5, 3, 9, 4}
	calls := 0
	got, err := Repeat(t.Context(), 4, func() (time.Duration, error) { calls++; return ds[calls-1], nil })
	if want := (Timing{Best: 3, Worst: 9, Runs: 4}); err != nil || got != want || calls != 4 {
		t.Errorf("Repeat(4) = %+v, %v after %d calls, want %+v, nil after 4", got, err, calls, want)
	}

	boom := errors.New("boom")
	calls = 0
	if _, err := Repeat(t.Context(), 4, func() (time.Duration, error) { calls++; return 1, boom }); err != boom || calls != 1 {
		t.Errorf("Repeat with a failing run = %v after %d calls, want boom after 1", err, calls)
	}

	ctx, cancel := context.WithCancel(t.Context())
	calls = 0
	_, err = Repeat(ctx, 4, func() (time.Duration, error) {
		calls++
		if calls == 2 {
			cancel()
		}
		return 1, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 2 {
		t.Errorf("Repeat cancelled in run 2 = %v after %d calls, want context.Canceled after 2", err, calls)
	}

	if _, err := Repeat(t.Context(), 0, func() (time.Duration, error) { t.Error("Repeat(0) ran"); return 1, nil }); err == nil {
		t.Errorf("Repeat(0) = nil error, want one")
	}
}

func TestRuns(t *testing.T) {
	for n, want := range map[int]string{1: "one run", 3: "best of 3 runs"} {
		if got := Runs(n); got != want {
			t.Errorf("Runs(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSpeedup(t *testing.T) {
	if got := Speedup(300, 100); got != 3 {
		t.Errorf("Speedup(300, 100) = %v, want 3", got)
	}
	if got := Speedup(300, 0); got != 300 {
		t.Errorf("Speedup(300, 0) = %v, want 300 (no division by zero)", got)
	}
}

func TestWarnIfBusy(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		load string
		want string
	}{
		{"0.00 0.00 0.00 1/100 1\n", ""},
		{"1000.00 1.00 1.00 5/100 1\n", "warning: load average 1000.00 on "},
	} {
		p := filepath.Join(dir, "loadavg")
		if err := os.WriteFile(p, []byte(tc.load), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv(loadavg.EnvFile, p)
		var b strings.Builder
		WarnIfBusy(&b)
		if got := b.String(); (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) || (got != "" && !strings.HasSuffix(got, "\n")) {
			t.Errorf("WarnIfBusy with load %q wrote %q, want a line starting %q", tc.load, got, tc.want)
		}
	}
}
