package aio

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// A task cancelled while it waits in Yield (its next step already scheduled, so there is no
// future to cancel) gets the cancellation from that Yield, as asyncio raises CancelledError
// out of "await asyncio.sleep(0)". A Yield that ignored it would let the task run on.
func TestYieldReturnsAPendingCancellation(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		task := Go(co, func(co *Co) error {
			r.printf("task yields")
			err := co.Yield()
			r.printf("task's Yield returned %v", err)
			if err != nil {
				return err
			}
			r.printf("task runs on")
			return nil
		})
		require.NoError(t, co.Yield()) // the task runs its first step and yields
		r.printf("main cancels the task")
		require.True(t, task.Cancel())
		_, err := Await(co, task)
		r.printf("main's Await: cancelled %v", errors.Is(err, ErrCancelled))
		return nil
	})
	require.NoError(t, err)
	diff(t, []string{
		"task yields",
		"main cancels the task",
		"task's Yield returned cancelled",
		"main's Await: cancelled true",
	}, r.lines)
}
