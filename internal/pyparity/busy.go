package pyparity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
)

// WarnsWhenBusy runs a timed Python program twice, on a pretended busy machine (a load average
// of 999) and on a pretended quiet one (0), through LOADAVG_FILE, which the Python programs read
// as the Go demos do. Right under its first line the program must print the Go demos'
// busy-machine warning in the first case, one that loadavg.StripWarning recognises, and no
// warning in the second.
func WarnsWhenBusy(t *testing.T, timeout time.Duration, script string, args ...string) {
	t.Helper()
	what := "python3 " + script
	dir := t.TempDir()
	for _, load := range []string{"999.00", "0.00"} {
		file := filepath.Join(dir, "loadavg-"+load)
		if err := os.WriteFile(file, []byte(load+" 0.00 0.00 1/100 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := RunPythonEnv(t, timeout, []string{loadavg.EnvFile + "=" + file}, script, args...)
		Ok(t, what, r)
		lines := strings.SplitN(r.Stdout, "\n", 3)
		if len(lines) < 3 {
			t.Fatalf("%s printed %q: too few lines", what, r.Stdout)
		}
		wantWarn := load == "999.00"
		gotWarn := strings.HasPrefix(lines[1], "warning: load average "+load+" on ")
		if gotWarn != wantWarn || (!wantWarn && strings.HasPrefix(lines[1], "warning:")) {
			t.Errorf("load %s: %s's second line is %q; want the busy-machine warning: %t", load, what, lines[1], wantWarn)
		}
		if wantWarn && loadavg.StripWarning(r.Stdout) == r.Stdout {
			t.Errorf("load %s: the warning %q is not the Go demos' (loadavg.StripWarning leaves it)", load, lines[1])
		}
	}
}
