package pyparity

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePython puts a python3 on an otherwise empty PATH that prints version (or nothing, and
// fails, when version is "").
func fakePython(t *testing.T, version string) {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nexit 3\n"
	if version != "" {
		script = "#!/bin/sh\necho '" + version + "'\n"
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "python3"), []byte(script), 0o755))
	t.Setenv("PATH", dir)
}

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		version string // "" for a python3 that fails; "none" for no python3 at all
		ok      bool
		why     string
	}{
		{"Python 3.11.7", true, ""},
		{"Python 3.13.0", true, ""},
		{"Python 3.10.12", false, "need 3.11 or later"},
		{"Python 2.7.18", false, "printed"},
		{"", false, "--version: exit status 3"},
		{"none", false, "no python3 on PATH"},
	} {
		if tc.version == "none" {
			t.Setenv("PATH", t.TempDir())
		} else {
			fakePython(t, tc.version)
		}
		path, why := find()
		assert.Equal(t, tc.ok, path != "", "find() with %q found %q", tc.version, path)
		assert.Contains(t, why, tc.why, "find() with %q: the reason", tc.version)
	}
}

// TestRunKillsAtTheDeadline: a program past its deadline is killed, and the failure says so.
func TestRunKillsAtTheDeadline(t *testing.T) {
	ft := &fatalCatcher{TB: t}
	start := time.Now()
	func() {
		defer func() {
			if v := recover(); v != nil && v != errFatal {
				panic(v)
			}
		}()
		run(ft, 50*time.Millisecond, "sleep 10", nil, "sleep", "10")
	}()
	assert.Less(t, time.Since(start), 5*time.Second, "run returned long after its 50ms deadline")
	assert.Contains(t, ft.msg, "sleep 10: still running after 50ms, killed", "the failure names the program and the deadline")
}

func TestRunReportsExitStatusAndOutput(t *testing.T) {
	r := run(t, 10*time.Second, "sh", nil, "sh", "-c", "echo out; echo err >&2; exit 7")
	assert.Equal(t, "out\n", r.Stdout)
	assert.Equal(t, "err\n", r.Stderr)
	assert.Equal(t, 7, r.Code)
}
