// Package loadavg reads the machine's load average, so that a demo that measures time can warn
// its reader when other programs compete for the CPU and its figures are not to be trusted.
//
// The load average is Linux's: the first field of /proc/loadavg, the number of threads running,
// waiting to run or in uninterruptible sleep (mostly waiting for a disk), as an exponentially
// damped average whose time constant is a minute. Elsewhere there is none, and no warning.
package loadavg

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// EnvFile names an environment variable that, when set, gives a file to read in place of
// /proc/loadavg. Tests use it to pretend a quiet or a busy machine.
const EnvFile = "LOADAVG_FILE"

// Read returns the load average over the last minute. ok is false where there is none.
func Read() (load float64, ok bool) {
	data, err := os.ReadFile(path())
	if err != nil {
		return 0, false
	}
	return parse(string(data))
}

// Averages returns the three load averages as /proc/loadavg gives them, over one, five and
// fifteen minutes ("0.52 0.58 0.59"), or "unknown" where there are none.
func Averages() string {
	data, err := os.ReadFile(path())
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// path is the file to read: /proc/loadavg, or the one EnvFile names.
func path() string {
	if p := os.Getenv(EnvFile); p != "" {
		return p
	}
	return "/proc/loadavg"
}

// parse reads the first field of a /proc/loadavg line, such as "0.52 0.58 0.59 1/467 12345".
func parse(s string) (float64, bool) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, false
	}
	load, err := strconv.ParseFloat(fields[0], 64)
	if err != nil || load < 0 {
		return 0, false
	}
	return load, true
}

// Warning returns a line for the reader when the load average exceeds cores, the number of
// CPUs the measurement may use, and "" otherwise.
func Warning(cores int) string {
	load, ok := Read()
	if !ok || load <= float64(cores) {
		return ""
	}
	return fmt.Sprintf("warning: load average %.2f on %d cores: other programs compete for the CPU, so the times below are not to be trusted", load, cores)
}

// warningLine matches a line that Warning returned, as a demo prints it.
var warningLine = regexp.MustCompile(`(?m)^warning: load average .*\n`)

// StripWarning removes the lines Warning gave from a demo's output: a test that compares a
// measured demo's output with another program's may run on a busy machine, and the warning says
// nothing about the program.
func StripWarning(out string) string { return warningLine.ReplaceAllString(out, "") }
