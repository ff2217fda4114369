// Command lessonlint checks the book's lessons and pages for what a reader trips over: Mermaid
// diagrams Mermaid cannot parse, make targets and paths that do not exist, go run demos and
// flags a chapter's program does not accept, Go source files, lines and names the installed Go
// does not have, measured blocks whose shape is unchecked, and verdicts their own numbers
// contradict. See package internal/lessonlint.
//
// Usage, from the repository's root:
//
//	go run ./internal/cmd/lessonlint [-mermaid dir] [FILE.md...]
//
// Without arguments it checks every chapter's README.md, README.md and docs/*.md. It prints one
// line per finding, FILE:LINE: message, and exits 1 if there is any. The Mermaid check needs
// node and `npm install` in internal/lessonlint/mermaid; without them it is skipped with a
// message, except in CI (CI=true), where that is a failure.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/concurrency-models/book/internal/lessonlint"
)

func main() { os.Exit(run()) }

func run() int {
	mermaidDir := flag.String("mermaid", lessonlint.MermaidDir, "the `dir`ectory of the Mermaid parser and its node_modules")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/cmd/lessonlint [-mermaid dir] [FILE.md...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	pages := flag.Args()
	if len(pages) == 0 {
		var err error
		if pages, err = lessonlint.Pages("."); err != nil {
			fmt.Fprintf(os.Stderr, "lessonlint: %v\n", err)
			return 1
		}
	}
	for i, p := range pages {
		pages[i] = filepath.ToSlash(filepath.Clean(p))
	}
	if _, err := os.Stat("go.mod"); err != nil {
		fmt.Fprintln(os.Stderr, "lessonlint: run it from the repository's root (no go.mod here)")
		return 2
	}
	goroot, err := lessonlint.GOROOT()
	if err != nil {
		fmt.Fprintf(os.Stderr, "lessonlint: %v\n", err)
		return 1
	}
	tmp, err := os.MkdirTemp("", "lessonlint")
	if err != nil {
		fmt.Fprintf(os.Stderr, "lessonlint: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	l := &lessonlint.Linter{Root: ".", GOROOT: goroot, Usage: lessonlint.BuiltUsage(".", tmp)}
	failed := false
	if l.Mermaid, err = lessonlint.NodeMermaid(*mermaidDir); err != nil {
		if lessonlint.InCI() {
			fmt.Fprintf(os.Stderr, "lessonlint: the Mermaid check cannot run in CI: %v\n", err)
			failed = true
		} else {
			fmt.Fprintf(os.Stderr, "lessonlint: skipping the Mermaid check: %v\n", err)
		}
	}
	findings, err := l.Lint(pages)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lessonlint: %v\n", err)
		return 1
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(os.Stderr, "lessonlint: %d findings in %d files\n", len(findings), len(pages))
		failed = true
	}
	if failed {
		return 1
	}
	return 0
}
