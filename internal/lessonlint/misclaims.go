package lessonlint

import (
	"fmt"
	"regexp"
)

// misclaims are wordings of prose that an expert review of the book found wrong, each with the
// correction: the lint keeps them from coming back.
var misclaims = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)\bsince Go 1\.25\b`),
		"the cgroup-aware GOMAXPROCS default (GODEBUG containermaxprocs, updatemaxprocs) follows the main module's go.mod, not the toolchain: say \"for a go.mod that says go 1.25 or later\" (internal/godebugs/table.go)"},
	{regexp.MustCompile(`(?i)\b(within|up to|at most) (one|the|a) switch interval\b`),
		"a thread waiting for the GIL waits a whole switch interval before it asks for it (take_gil), so the wait is at least one interval"},
	{regexp.MustCompile(`(?i)\bone (event )?loop per thread\b`),
		"asyncio allows at most one running loop per thread; a thread may have none, or create others"},
	{regexp.MustCompile(`(?i)\b(a few|several) milliseconds (each|to start)\b|\bstart\w*\b[^.]*\b(a few|several) milliseconds\b`),
		"a process start is measured (chapter 2's BenchmarkProcessPoolStart, chapter 4's BenchmarkStartStopProcess, docs/benchmarks.md's process start rows), and on the book's machine it has come out at tens of milliseconds as well as a few: point at a measured block instead of guessing"},
}

// misclaimed checks a line of prose (code spans and blocks are not prose) for the misclaims.
func misclaimed(ln line) []string {
	if ln.code {
		return nil
	}
	var msgs []string
	for _, mc := range misclaims {
		if m := mc.re.FindString(codeSpanRE.ReplaceAllString(ln.text, " ")); m != "" {
			msgs = append(msgs, fmt.Sprintf("%q: %s", m, mc.why))
		}
	}
	return msgs
}
