package reexec

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/cli"
)

// The test binary doubles as the worker: "__worker echo ARGS" prints its arguments, "__worker
// sleep" sleeps until killed.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == cli.WorkerArg {
		switch os.Args[2] {
		case "echo":
			fmt.Println(strings.Join(os.Args[3:], " "), os.Getppid())
		case "sleep":
			time.Sleep(time.Hour)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestStartRunsTheWorkerAndWaitReapsIt(t *testing.T) {
	cmd, err := Command(context.Background(), "echo", "hello", "child")
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	c, err := Start(cmd)
	require.NoError(t, err)
	b, err := io.ReadAll(out)
	require.NoError(t, err)
	require.NoError(t, c.Wait())
	assert.Equal(t, fmt.Sprintf("hello child %d\n", os.Getpid()), string(b), "the worker ran as our child")
	assert.ErrorIs(t, syscall.Kill(c.Pid(), 0), syscall.ESRCH, "reaped: the PID is gone")
}

func TestCancellingTheContextStopsTheChild(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd, err := Command(ctx, "sleep")
	require.NoError(t, err)
	c, err := Start(cmd)
	require.NoError(t, err)
	cancel()
	select {
	case <-c.Done():
	case <-time.After(GracePeriod + 10*time.Second):
		t.Fatal("the child outlived its context")
	}
	assert.Error(t, c.Wait(), "it was stopped by a signal")
}

func TestKill(t *testing.T) {
	cmd, err := Command(context.Background(), "sleep")
	require.NoError(t, err)
	c, err := Start(cmd)
	require.NoError(t, err)
	require.NoError(t, c.Kill())
	assert.ErrorIs(t, syscall.Kill(c.Pid(), 0), syscall.ESRCH)
	assert.NoError(t, c.Kill(), "killing a reaped child is fine")
}
