package tracefile

import (
	"context"
	"os"
	"path/filepath"
	"runtime/trace"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNames(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trace.out")
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, trace.Start(f))
	ctx, task := trace.NewTask(context.Background(), "demo")
	trace.WithRegion(ctx, "Task-1 running", func() {})
	trace.WithRegion(ctx, "Task-1 running", func() {})
	trace.WithRegion(ctx, "GIL held", func() {})
	task.End()
	trace.Stop()
	require.NoError(t, f.Close())

	tasks, regions, err := Names(file)
	require.NoError(t, err)
	assert.Equal(t, []string{"demo"}, tasks)
	assert.Equal(t, []string{"GIL held", "Task-1 running"}, regions, "sorted, without repeats")
}

func TestNamesRejectsGarbage(t *testing.T) {
	_, _, err := Names("tracefile_test.go")
	assert.Error(t, err, "a Go file is not a trace")
}
