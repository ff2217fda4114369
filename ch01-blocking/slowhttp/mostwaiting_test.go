package slowhttp

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// Requests made one after another never wait together: the server flushes an answer only once
// its handler has returned, so each has stopped waiting before the next is sent.
func TestMostWaitingOneAfterAnother(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	s, err := Start(time.Millisecond)
	require.NoError(t, err)
	defer s.Close()
	for range 3 {
		_, err := Get(context.Background(), s.URL, testdeadline.Short)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, s.MostWaiting())
}

// Three requests that wait at once, for an answer that never comes in the test's time, are
// counted as three.
func TestMostWaitingAtOnce(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	s, err := Start(time.Hour)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { _, _ = Get(context.Background(), s.URL, 0) })
	}
	deadline := time.Now().Add(testdeadline.Short)
	for s.MostWaiting() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	assert.Equal(t, 3, s.MostWaiting())
	require.NoError(t, s.Close()) // ends the three waits
	wg.Wait()
	assert.Equal(t, 3, s.MostWaiting(), "the most stays the most")
}
