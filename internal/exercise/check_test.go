package exercise

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The plumbing's behaviour shows in how a check ends — skipped, failed, or
// the whole binary stopped by the deadline — so most tests here run a helper
// test in a child process (this test binary, re-executed) and read its output.

const helperEnv = "EXERCISE_HELPER"

// helper runs only in the child: it is the check under test.
func helper(t *testing.T, name string, f func(c *Check)) {
	if os.Getenv(helperEnv) != name {
		t.Skip("run by TestPlumbing in a child process")
	}
	readerCode = func(_, path string) bool { return strings.HasSuffix(path, "check_test.go") }
	f(New(t, "the lesson, section X"))
}

func TestHelperNotStarted(t *testing.T) {
	helper(t, "not-started", func(c *Check) { c.Started(TODO("A"), TODO("B")) })
}

func TestHelperHalfDone(t *testing.T) {
	helper(t, "half-done", func(c *Check) { c.Started(nil, TODO("B")) })
}

func TestHelperStartedWrong(t *testing.T) {
	helper(t, "wrong", func(c *Check) {
		c.Started(nil, errors.New("a real error"))
		c.t.Errorf("got 1, want 2")
	})
}

func TestHelperTODOPanic(t *testing.T) {
	helper(t, "todo-panic", func(c *Check) { c.Within(time.Second, func() { Unwritten("Lock") }) })
}

// stuck is reader's code that waits for ever; Waiting finds it by its file.
func stuck(ch chan int) { <-ch }

func TestHelperHang(t *testing.T) {
	helper(t, "hang", func(c *Check) {
		c.Scenario(func() string { return "one goroutine receives from a channel nobody sends on" })
		c.Within(100*time.Millisecond, func() { stuck(make(chan int)) })
	})
}

// TestHelperAfterHang runs after TestHelperHang in the same binary: a timeout
// fails its own test only.
func TestHelperAfterHang(t *testing.T) {
	helper(t, "hang", func(c *Check) { t.Log("the next test still ran") })
}

func TestHelperBubbleDeadlock(t *testing.T) {
	helper(t, "bubble-deadlock", func(c *Check) {
		c.Bubble(time.Second, func(*testing.T) { <-make(chan int) })
	})
}

func TestHelperBubbleScenario(t *testing.T) {
	helper(t, "bubble-scenario", func(c *Check) {
		c.Scenario(func() string { return "three waiters, one send" })
		c.Bubble(time.Second, func(*testing.T) { <-make(chan int) })
	})
}

func TestHelperBubbleLeak(t *testing.T) {
	helper(t, "bubble-leak", func(c *Check) {
		c.Bubble(time.Second, func(*testing.T) { go func() { <-make(chan int) }() })
	})
}

func TestPlumbing(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	for _, tc := range []struct {
		helper, test string
		strict       bool
		wantExit     bool // want a non-zero exit
		want         []string
	}{
		{"not-started", "TestHelperNotStarted", false, false,
			[]string{"--- SKIP", "not started yet (A; B)", "To start: read", "go test -v ./internal/exercise"}},
		{"not-started", "TestHelperNotStarted", true, true,
			[]string{"--- FAIL", "EXERCISE_STRICT=1: the starter is unsolved (A; B), and the check rejects it"}},
		{"half-done", "TestHelperHalfDone", false, true,
			[]string{"--- FAIL", "half done", "  - B"}},
		{"wrong", "TestHelperStartedWrong", false, true,
			[]string{"--- FAIL", "got 1, want 2", "READ AGAIN: the lesson, section X"}},
		{"todo-panic", "TestHelperTODOPanic", false, false,
			[]string{"--- SKIP", "not started yet (Lock)"}},
		{"hang", "TestHelperHang|TestHelperAfterHang", false, true,
			[]string{"--- FAIL: TestHelperHang", "your code did not finish within 100ms",
				"What the check set up: one goroutine receives from a channel nobody sends on",
				"a goroutine [chan receive] in stuck (check_test.go:", "READ AGAIN: the lesson, section X",
				"--- PASS: TestHelperAfterHang", "the next test still ran"}},
		{"bubble-deadlock", "TestHelperBubbleDeadlock", false, true,
			[]string{"--- FAIL", "all goroutines are asleep — deadlock!", "all goroutines in bubble are blocked"}},
		{"bubble-scenario", "TestHelperBubbleScenario", false, true,
			[]string{"--- FAIL", "all goroutines are asleep — deadlock!", "What the check set up: three waiters, one send"}},
		{"bubble-leak", "TestHelperBubbleLeak", false, true,
			[]string{"--- FAIL", "your code left goroutines blocked after it returned"}},
	} {
		t.Run(fmt.Sprintf("%s/strict=%v", tc.helper, tc.strict), func(t *testing.T) {
			// The helpers test a watchdog; should it be broken, this deadline, not go test's
			// ten minutes, ends the child.
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "-test.run=^("+tc.test+")$", "-test.v")
			cmd.Env = append(os.Environ(), helperEnv+"="+tc.helper, StrictEnv+"=")
			if tc.strict {
				cmd.Env = append(cmd.Env, StrictEnv+"=1")
			}
			out, err := cmd.CombinedOutput()
			assert.Equalf(t, tc.wantExit, err != nil, "helper %s: exited with a failure (exit error %v)\n%s", tc.helper, err, out)
			for _, w := range tc.want {
				assert.Containsf(t, string(out), w, "helper %s: output", tc.helper)
			}
		})
	}
}

func TestDeadlockReportsAndReturns(t *testing.T) {
	c := New(t, "lesson")
	assert.ErrorContains(t, c.Deadlock(time.Second, func() { <-make(chan int) }), "deadlock", "Deadlock(a receive nobody sends to): want synctest's deadlock error")
	assert.NoError(t, c.Deadlock(time.Second, func() {}), "Deadlock(a function that returns)")
}

func TestTry(t *testing.T) {
	err := Try(func() { Unwritten("X") })
	assert.Truef(t, IsTODO(err), "Try(Unwritten) = %v, want a TODO", err)
	assert.NoError(t, Try(func() {}), "Try(nothing)")
	defer func() {
		assert.Equal(t, "other", recover(), "what Try let through: want the panic \"other\"")
	}()
	_ = Try(func() { panic("other") })
}

func TestIsTODOSeesWrappedTODOs(t *testing.T) {
	assert.True(t, IsTODO(fmt.Errorf("task failed: %w", TODO("x"))), "IsTODO(a wrapped TODO)")
	assert.False(t, IsTODO(errors.New("not written yet: x")), "IsTODO(a plain error with the same text)")
}
