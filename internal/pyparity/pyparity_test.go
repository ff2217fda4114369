package pyparity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	if err := os.WriteFile(filepath.Join(dir, "python3"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
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
		if (path != "") != tc.ok || !strings.Contains(why, tc.why) {
			t.Errorf("find() with %q = %q, %q; want found %v, a reason containing %q", tc.version, path, why, tc.ok, tc.why)
		}
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
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("run returned after %v, want soon after its 50ms deadline", took)
	}
	if !strings.Contains(ft.msg, "sleep 10: still running after 50ms, killed") {
		t.Errorf("failure message %q, want it to name the program and the deadline", ft.msg)
	}
}

func TestRunReportsExitStatusAndOutput(t *testing.T) {
	r := run(t, 10*time.Second, "sh", nil, "sh", "-c", "echo out; echo err >&2; exit 7")
	if r.Stdout != "out\n" || r.Stderr != "err\n" || r.Code != 7 {
		t.Errorf("run(sh -c ...) = %+v, want stdout \"out\\n\", stderr \"err\\n\", code 7", r)
	}
}
