package executor

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/threadtest"
)

// The tests that need Linux: thread IDs (gettid), the parent-death signal and /proc.

// Each worker of a ThreadPool is locked to its OS thread, as a Python thread is a thread: no
// other goroutine ever runs on it. The job below notes its thread and parks; while it is parked,
// 32 goroutines lock themselves to threads at once, which takes every idle thread the runtime
// has, and the job's would be one of them were it not locked to the job's worker.
func TestThreadPoolWorkersKeepTheirThreads(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(1)
	defer p.Shutdown(true)
	tids, release := make(chan int), make(chan struct{})
	require.NoError(t, p.Submit(func() {
		tids <- syscall.Gettid()
		<-release
		tids <- syscall.Gettid()
	}))
	var before, after int
	testdeadline.Within(t, 10*time.Second, "the thread pool's job to start", func() { before = <-tids })
	waitForGoroutine(t, "TestThreadPoolWorkersKeepTheirThreads.func1", "chan receive")

	assert.NotContains(t, threadtest.TakeIdleThreads(32), before, "another goroutine ran on thread %d while the pool's worker was parked: the worker is not locked to it", before)
	close(release)
	testdeadline.Within(t, 10*time.Second, "the thread pool's job to end", func() { after = <-tids })
	assert.Equalf(t, before, after, "the job went on on thread %d, not %d", after, before)
}

// SIGKILL the parent of two busy workers: they die too, killed by the kernel (the parent-death
// signal reexec sets), not by noticing anything — they are asleep for an hour.
func TestWorkersDieWithTheirParent(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	self, err := os.Executable()
	require.NoError(t, err)
	parent := exec.Command(self, "pool-parent")
	parent.Stderr = os.Stderr
	out, err := parent.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, parent.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "the parent printed no PIDs")
	var pids []int
	for f := range strings.FieldsSeq(line) {
		pid, err := strconv.Atoi(f)
		require.NoError(t, err)
		pids = append(pids, pid)
	}
	require.Len(t, pids, 2)
	t.Cleanup(func() { // should Pdeathsig fail, do not leave hour-long sleepers behind
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})

	require.NoError(t, parent.Process.Kill())
	_ = parent.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			require.Falsef(t, time.Now().After(deadline), "worker %d outlived its parent", pid)
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// alive reports whether pid is a process that has not died (a zombie has died; whoever
// inherited it reaps it).
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses, which may itself contain spaces.
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
	f := strings.Fields(rest)
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}
