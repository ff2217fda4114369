// Command suitetime measures how long the README's two commands take — go run ./ch01-blocking
// and go test ./... — with an empty build cache and with a warm one, and prints the table the
// README shows, with the machine and its load average beside it.
//
// It runs everything with a build cache of its own (GOCACHE in a temporary directory), so it
// neither uses nor disturbs yours; the module cache is yours (the modules are downloaded once,
// before the first timing). A command that fails is shown as failed, with its time and, for go
// test, the packages and tests that failed: the table is printed whatever happens.
//
// Usage, from the repository's root:
//
//	go run ./internal/cmd/suitetime [-pkgs PATTERN] [-demo PACKAGE]
//
// `make measure` runs it through internal/cmd/regen, which puts its output in README.md.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// A step is one command the table times.
type step struct {
	label string   // the table's row
	args  []string // go's arguments
}

// steps are what the table times, in order: the cold ones first, while the cache is empty.
func steps(pkgs, demo string) []step {
	return []step{
		{"go run " + demo + ", empty build cache", []string{"run", demo}},
		{"go run " + demo + ", warm build cache", []string{"run", demo}},
		{"go test " + pkgs + ", empty build cache", []string{"test", pkgs}},
		{"go test -count=1 " + pkgs + " (tests rerun)", []string{"test", "-count=1", pkgs}},
		{"go test -count=1 -short " + pkgs, []string{"test", "-count=1", "-short", pkgs}},
		{"go test " + pkgs + " (results cached)", []string{"test", pkgs}},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("suitetime", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pkgs := fs.String("pkgs", "./...", "the packages go test runs")
	demo := fs.String("demo", "./ch01-blocking", "the package go run runs")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/cmd/suitetime [-pkgs PATTERN] [-demo PACKAGE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "suitetime: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	cache, err := os.MkdirTemp("", "suitetime-cache")
	if err != nil {
		fmt.Fprintf(stderr, "suitetime: %v\n", err)
		return 1
	}
	defer os.RemoveAll(cache)
	env := append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=")
	if out, err := goCmd(env, "mod", "download"); err != nil {
		fmt.Fprintf(stderr, "suitetime: go mod download: %v\n%s", err, out)
		return 1
	}
	m := machine{CPU: cpuModel(), Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: goVersion(), LoadBefore: loadavg.Averages()}
	var results []result
	for _, s := range steps(*pkgs, *demo) {
		fmt.Fprintf(stderr, "suitetime: go %s\n", strings.Join(s.args, " "))
		t0 := time.Now()
		out, err := goCmd(env, s.args...)
		results = append(results, result{s.label, time.Since(t0), err, failures(out)})
		if err != nil {
			fmt.Fprintf(stderr, "suitetime: go %s: %v\n%s", strings.Join(s.args, " "), err, out)
		}
	}
	m.LoadAfter = loadavg.Averages()
	_, _ = io.WriteString(stdout, table(m, results))
	return 0
}

// machine says where the commands ran, and how busy the machine was.
type machine struct {
	CPU                   string
	Cores                 int
	OS, Go                string
	LoadBefore, LoadAfter string
}

// A result is a step's time, and its error if it failed, with what failed.
type result struct {
	label  string
	took   time.Duration
	err    error
	failed string // the failed packages and tests, from failures
}

// table prints the machine, its load average and a row per step; a failed step says so.
func table(m machine, results []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "machine: %s, %d cores, %s; %s\n", m.CPU, m.Cores, m.OS, m.Go)
	fmt.Fprintf(&b, "load average: %s before, %s after\n\n", m.LoadBefore, m.LoadAfter)
	for _, r := range results {
		res := formatDuration(r.took)
		if r.err != nil {
			res += " (failed: " + firstLine(r.err.Error())
			if r.failed != "" {
				res += "; " + r.failed
			}
			res += ")"
		}
		fmt.Fprintf(&b, "%-48s %s\n", r.label, res)
	}
	return b.String()
}

// failures reads go test's output and names what failed, package by package, with the module's
// path left off: "ch03-gil: TestA, TestB; internal/site: build failed". It lists each package's
// top-level tests ("--- FAIL: " at the start of a line; subtests are indented) up to the
// package's own "FAIL\tpackage" line. A package that failed to build says so; one that failed
// with no test to blame (a panic, a timeout) is named alone.
func failures(out []byte) string {
	var (
		parts []string
		tests []string
	)
	for line := range strings.Lines(string(out)) {
		line = strings.TrimRight(line, "\r\n")
		if name, ok := strings.CutPrefix(line, "--- FAIL: "); ok {
			name, _, _ = strings.Cut(name, " ")
			tests = append(tests, name)
			continue
		}
		rest, ok := strings.CutPrefix(line, "FAIL\t")
		if !ok {
			continue
		}
		fields := strings.Split(rest, "\t")
		pkg, note, _ := strings.Cut(fields[0], " [") // "pkg [build failed]"
		pkg = strings.TrimPrefix(strings.TrimPrefix(pkg, modulePath), "/")
		if pkg == "" {
			pkg = "."
		}
		switch {
		case len(tests) > 0:
			parts = append(parts, pkg+": "+strings.Join(tests, ", "))
		case note != "":
			parts = append(parts, pkg+": "+strings.TrimSuffix(note, "]"))
		default:
			parts = append(parts, pkg)
		}
		tests = nil
	}
	return strings.Join(parts, "; ")
}

// modulePath is the book's module path, left off the package names failures prints.
const modulePath = "github.com/concurrency-models/book"

func goCmd(env []string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// formatDuration prints seconds with two significant digits below 10 s, whole ones above.
func formatDuration(d time.Duration) string {
	s := d.Seconds()
	if s < 10 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// goVersion is the go command's version (the one that builds and tests), such as go1.26.8.
func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}

// cpuModel is the processor's name, from /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range bytes.Lines(b) {
		if k, v, ok := strings.Cut(string(line), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "unknown CPU"
}
