//go:build unix

package early

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/reexec"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// scenarioEnv names what this test binary, run again by a test, does instead of its tests.
const scenarioEnv = "EARLY_TEST_SCENARIO"

// TestMain runs a scenario when a test has started this binary again to play one: the program
// signals itself, as a Ctrl-C in its first milliseconds would, before anything claims the
// signals (see scenario).
func TestMain(m *testing.M) {
	if s := os.Getenv(scenarioEnv); s != "" {
		scenario(s)
	}
	os.Exit(m.Run())
}

// scenario plays one scenario and exits. Each ends in a signal; reaching the end of one is a
// failure, reported with exit status 3.
func scenario(s string) {
	self := func(sig syscall.Signal) { _ = syscall.Kill(os.Getpid(), sig) }
	switch s {
	case "INT":
		self(syscall.SIGINT)
	case "TERM":
		self(syscall.SIGTERM)
	case "claimed": // App.Main running: the signal is its to handle; after it, early's again
		c := make(chan os.Signal, 1)
		release := Claim(c)
		self(syscall.SIGINT)
		select {
		case sig := <-c:
			os.Stdout.WriteString("claimed: " + sig.String() + "\n")
		case <-time.After(testdeadline.Short):
			os.Stdout.WriteString("claimed: no signal\n")
			os.Exit(3)
		}
		release()
		self(syscall.SIGTERM)
	case "stopped": // a test binary after Stop: the signal's default action
		Stop()
		self(syscall.SIGINT)
	}
	time.Sleep(testdeadline.Short)
	os.Exit(3)
}

// outcome is how a run of this test binary as a scenario ended.
type outcome struct {
	code   int    // the exit status, -1 if a signal ended it
	signal string // the signal that ended it, if one did
	stdout string
	stderr string
}

// play runs this test binary as scenario s, with args.
func play(t *testing.T, s string, args ...string) outcome {
	t.Helper()
	testdeadline.Bound(t, testdeadline.Long)
	self, err := os.Executable()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), testdeadline.Short*2)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), scenarioEnv+"="+s, "GORACE=atexit_sleep_ms=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	require.NoError(t, ctx.Err(), "scenario %s did not end", s)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		require.NoError(t, err)
	}
	o := outcome{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		o.signal = ws.Signal().String()
	}
	return o
}

// interrupted is what a scenario's stderr says when early answers the signal: the program's
// file name, as progName finds it in the child, which is this binary.
func interrupted(t *testing.T) string {
	self, err := os.Executable()
	require.NoError(t, err)
	return strings.TrimSuffix(filepath.Base(self), ".exe") + ": interrupted\n"
}

// TestUnclaimedSignalExits130 is a Ctrl-C (or SIGTERM) before App.Main has claimed the
// signals: the program says so and exits 130, as App.Main would, instead of dying of the
// signal without a word.
func TestUnclaimedSignalExits130(t *testing.T) {
	for _, sig := range []string{"INT", "TERM"} {
		t.Run(sig, func(t *testing.T) {
			got := play(t, sig)
			assert.Equal(t, outcome{code: ExitInterrupted, stderr: interrupted(t)}, got)
		})
	}
}

// TestClaimedSignalGoesToTheClaimant: while App.Main holds a claim the signal is its own, and
// early says nothing; once released, early answers again.
func TestClaimedSignalGoesToTheClaimant(t *testing.T) {
	got := play(t, "claimed")
	assert.Equal(t, outcome{code: ExitInterrupted, stdout: "claimed: interrupt\n", stderr: interrupted(t)}, got)
}

// TestStopGivesTheDefaultBack: after Stop, a SIGINT kills the program as if early were not
// there.
func TestStopGivesTheDefaultBack(t *testing.T) {
	got := play(t, "stopped")
	assert.Equal(t, outcome{code: -1, signal: "interrupt"}, got)
}

// TestWorkerLeftAlone: a worker process (reexec's hidden argument, the one early looks for)
// keeps the default action until the worker protocol takes over, so a worker its parent stops
// as it starts dies of the SIGTERM, as the parent expects, and says nothing.
func TestWorkerLeftAlone(t *testing.T) {
	got := play(t, "TERM", reexec.WorkerArg, "nap")
	assert.Equal(t, outcome{code: -1, signal: "terminated"}, got)
}

// TestInitialisedFirst builds every chapter program and runs it with GODEBUG=inittrace=1,
// which prints a line as each package with something to initialise is initialised, in order:
// early must come before every other package of the book, so that the window in which a
// Ctrl-C kills a program silently is as short as the standard library lets it be. It logs how
// many milliseconds after start early and main were initialised.
func TestInitialisedFirst(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	root := filepath.Join("..", "..", "..")
	chapters, err := filepath.Glob(filepath.Join(root, "ch[0-9][0-9]-*", "main.go"))
	require.NoError(t, err)
	require.Len(t, chapters, 5, "the five chapters' main.go")
	readSources(t, root)
	bin := t.TempDir()
	args := []string{"build", "-o", bin + string(filepath.Separator)}
	for _, c := range chapters {
		args = append(args, "./"+filepath.ToSlash(filepath.Dir(c)))
	}
	ctx, cancel := context.WithTimeout(t.Context(), testdeadline.Long)
	defer cancel()
	build := exec.CommandContext(ctx, "go", args...)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go %s: %s", strings.Join(args, " "), out)

	const module = "github.com/concurrency-models/book/"
	const me = module + "internal/cli/early"
	for _, c := range chapters {
		name := filepath.Base(filepath.Dir(c))
		cmd := exec.CommandContext(ctx, filepath.Join(bin, name), "-h")
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Run(), "%s -h: %s", name, stderr.String())
		var order []string // the book's packages, as they were initialised
		at := map[string]string{}
		sc := bufio.NewScanner(&stderr)
		for sc.Scan() {
			// init PKG @T ms, ...
			f := strings.Fields(sc.Text())
			if len(f) < 3 || f[0] != "init" {
				continue
			}
			at[f[1]] = strings.TrimPrefix(f[2], "@")
			if strings.HasPrefix(f[1], module) {
				order = append(order, f[1])
			}
		}
		require.NotEmpty(t, order, "%s: no package of the book in the init trace:\n%s", name, stderr.String())
		assert.Equal(t, me, order[0], "%s: the book's packages were initialised in this order: %v", name, order)
		t.Logf("%s: early initialised at %s ms, main at %s ms after the runtime (%d of the book's packages with work to do)",
			name, at[me], at["main"], len(order))
	}
}

// readSources reads every Go file of the module: go test caches a passing result by the files
// the test itself reads, and go build reads them in another process, so without this a changed
// import would pass from the cache.
func readSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root:
			return filepath.SkipDir
		case !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod"):
			_, err = os.ReadFile(path)
		}
		return err
	})
	require.NoError(t, err)
}
