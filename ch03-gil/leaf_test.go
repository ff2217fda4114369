package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spinRounds is about 60ms of spinning on an idle machine: six times the 10ms time slice after
// which sysmon asks for preemption (forcePreemptNS in runtime/proc.go).
const spinRounds = 60_000

// With one P and asynchronous preemption off, a goroutine that only calls a leaf function is
// never stopped: the sleeper beside it wakes only after the last round. The same loop calling
// a function that has a stack check is stopped at one of those calls, and the sleeper wakes
// long before the end. Each child runs under a deadline, so a loop that never ends fails the
// test by name.
func TestLeafCallsAreNoPreemptionPoints(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	if testing.Short() {
		t.Skip("starts two child processes that spin for 60ms each")
	}
	if raceEnabled {
		// The race detector turns each atomic store of the loop into a call of a function
		// that has a stack check: the leaf loop is no longer call-free.
		t.Skip("under -race the loops are instrumented with calls")
	}
	t.Setenv("GODEBUG", "asyncpreemptoff=1") // the children inherit it
	for _, tc := range []struct {
		kind      string
		preempted bool
	}{
		{"leaf", false},
		{"checked", true},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		out, err := child(ctx, 1, "spin", tc.kind, fmt.Sprint(spinRounds))
		cancel()
		require.NotErrorIsf(t, ctx.Err(), context.DeadlineExceeded, "the %s spin's child did not finish within a minute: its 60ms loop is stuck", tc.kind)
		require.NoErrorf(t, err, "%s spin", tc.kind)
		var woke, rounds int
		_, err = fmt.Sscan(out, &woke, &rounds)
		require.NoErrorf(t, err, "%s spin child printed %q", tc.kind, out)
		require.Equalf(t, spinRounds, rounds, "%s spin child printed %q", tc.kind, out)
		assert.Equalf(t, tc.preempted, woke < rounds, "%s spin: the sleeper woke after round %d of %d: preempted", tc.kind, woke, rounds)
	}
}
