package measure

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	got := Of(30*time.Millisecond, 20*time.Millisecond, 25*time.Millisecond)
	want := Timing{Best: 20 * time.Millisecond, Worst: 30 * time.Millisecond, Runs: 3}
	assert.Equal(t, want, got, "Of(30ms, 20ms, 25ms)")
	assert.Equal(t, "+50%", got.Spread())
	assert.Equal(t, "+0%", Of(time.Second).Spread(), "Of(1s).Spread()")
}

func TestRepeat(t *testing.T) {
	ds := []time.Duration{5, 3, 9, 4}
	calls := 0
	got, err := Repeat(t.Context(), 4, func() (time.Duration, error) { calls++; return ds[calls-1], nil })
	require.NoError(t, err)
	assert.Equal(t, Timing{Best: 3, Worst: 9, Runs: 4}, got, "Repeat(4)")
	assert.Equal(t, 4, calls, "Repeat(4)'s calls")

	boom := errors.New("boom")
	calls = 0
	_, err = Repeat(t.Context(), 4, func() (time.Duration, error) { calls++; return 1, boom })
	assert.Equal(t, boom, err, "Repeat with a failing run")
	assert.Equal(t, 1, calls, "a failing run's calls")

	ctx, cancel := context.WithCancel(t.Context())
	calls = 0
	_, err = Repeat(ctx, 4, func() (time.Duration, error) {
		calls++
		if calls == 2 {
			cancel()
		}
		return 1, nil
	})
	assert.ErrorIs(t, err, context.Canceled, "Repeat cancelled in run 2")
	assert.Equal(t, 2, calls, "Repeat cancelled in run 2: its calls")

	_, err = Repeat(t.Context(), 0, func() (time.Duration, error) { t.Error("Repeat(0) ran"); return 1, nil })
	assert.Error(t, err, "Repeat(0)")
}

func TestRuns(t *testing.T) {
	for n, want := range map[int]string{1: "one run", 3: "best of 3 runs"} {
		assert.Equal(t, want, Runs(n), "Runs(%d)", n)
	}
}

func TestSpeedup(t *testing.T) {
	assert.Equal(t, 3.0, Speedup(300, 100))
	assert.Equal(t, 300.0, Speedup(300, 0), "no division by zero")
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
		require.NoError(t, os.WriteFile(p, []byte(tc.load), 0o644))
		t.Setenv(loadavg.EnvFile, p)
		var b strings.Builder
		WarnIfBusy(&b)
		if got := b.String(); tc.want == "" {
			assert.Empty(t, got, "WarnIfBusy with load %q", tc.load)
		} else {
			assert.Regexp(t, "^"+regexp.QuoteMeta(tc.want)+"[^\n]*\n$", got, "WarnIfBusy with load %q: one line", tc.load)
		}
	}
}
