// Command regen rewrites the measured blocks of the book's lessons. A lesson marks a block
// whose content is the output of a command like this:
//
//	<!-- regen: go test -run '^$' -bench . -benchtime 200ms ./ch01-blocking/aio -->
//	```text
//	... whatever the command printed last time ...
//	```
//
// regen runs each command with bash -o pipefail (or sh) from the repository's root and puts
// its standard output in the block, so no measured number in a lesson is ever typed by hand.
// `make measure` runs it over every lesson. Blocks are rewritten only if every command in a file
// succeeds and prints something; otherwise regen names the failing marker's FILE:LINE, leaves
// the file as it was and exits 1.
//
// A file's blocks run in order, and each command sees the file with the blocks above it
// already rewritten, so that a block may check one before it.
//
// Usage:
//
//	go run ./internal/cmd/regen [-n] [-match REGEXP] FILE.md...
//
// With -n it lists the commands without running them. With -match it reruns only the blocks
// whose command matches REGEXP and leaves the others as they are: `make compare` uses it to
// refresh the lessons' excerpts of docs/benchmarks.md without rerunning their own measurements.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"github.com/concurrency-models/book/internal/lessonmark"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run is the command with its arguments, and returns its exit status: 2 for bad usage, 1 if a
// file could not be regenerated.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("regen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dry := fs.Bool("n", false, "list the commands, run nothing")
	match := fs.String("match", "", "rerun only the blocks whose command matches this regular expression")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/cmd/regen [-n] [-match REGEXP] FILE.md...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	only, err := regexp.Compile(*match)
	if fs.NArg() == 0 || err != nil {
		if err != nil {
			fmt.Fprintf(stderr, "regen: -match: %v\n", err)
		}
		fs.Usage()
		return 2
	}
	for _, file := range fs.Args() {
		if err := regen(file, *dry, only, stderr); err != nil {
			fmt.Fprintf(stderr, "regen: %v\n", err)
			return 1
		}
	}
	return 0
}

// regen reruns the commands of file's blocks that match only (all of them for an empty
// pattern) and rewrites the file, saying on log which it runs; with dry it lists them and
// rewrites nothing. It writes the file after each block, so that the next command reads the
// new text above it. A marker it cannot read or a command that fails is an error naming
// file:line, and leaves the file as it was.
func regen(file string, dry bool, only *regexp.Regexp, log io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	page, err := lessonmark.Parse(file, data)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	next := 0 // the index of the first line not yet copied to out
	for _, m := range page.Markers {
		if m.Kind != lessonmark.Regen || !only.MatchString(m.Args) {
			continue
		}
		fmt.Fprintf(log, "regen: %s:%d: %s\n", file, m.Line, m.Args)
		if dry {
			continue
		}
		got, err := runCommand(m.Args)
		if err != nil {
			if next > 0 { // earlier blocks were written: put the file back as it was
				if werr := os.WriteFile(file, data, 0o644); werr != nil {
					err = fmt.Errorf("%v; and restoring %s: %v", err, file, werr)
				}
			}
			return fmt.Errorf("%s:%d: %s: %v", file, m.Line, m.Args, err)
		}
		for _, l := range lines[next:m.Block.Start] { // up to the opening fence, included
			out.WriteString(l)
		}
		out.WriteString(got)
		next = m.Block.End - 1 // the closing fence
		// The file as it now stands, for the next command to read: a block may check an
		// earlier one (docs/benchmarks.md's crosscheck reads the compare block above it).
		if err := os.WriteFile(file, []byte(out.String()+strings.Join(lines[next:], "")), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runCommand runs command with bash -o pipefail (sh where there is no bash, as on a bare
// machine), so that a failure early in a pipeline (go test ... | grep | sed) fails the command
// instead of handing its empty or partial output to the block. Output is only returned from a
// command that succeeded and printed something: an empty measured block is never right.
func runCommand(command string) (string, error) {
	cmd := exec.Command("sh", "-c", command)
	if bash, err := exec.LookPath("bash"); err == nil {
		cmd = exec.Command(bash, "-o", "pipefail", "-c", command)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("%v\n%s", err, stderr.String())
		}
		return "", err
	}
	s := stdout.String()
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("printed nothing\n%s", stderr.String())
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s, nil
}
