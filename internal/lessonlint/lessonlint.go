// Package lessonlint finds, in the book's lessons (chNN-topic/README.md) and pages (README.md,
// docs/*.md), the mistakes a reader trips over and a test of the code does not see:
//
//   - a Mermaid diagram that Mermaid cannot parse (checked by Mermaid's own parser, run by node;
//     mermaid.go);
//   - `make TARGET` where the Makefile has no such target (make.go);
//   - a path in a link, in code or in prose that is not in the repository (paths.go);
//   - `go run ./chNN-topic DEMO -FLAG` with a demo or flag the chapter's program does not accept
//     (gorun.go);
//   - a Go source file:line (runtime/proc.go:1234) not in the installed Go's $GOROOT/src, or a
//     name cited in a file (`retake` in `runtime/proc.go`) that does not occur in it
//     (gosource.go);
//   - a measured block (`<!-- regen: ... -->`) whose shape is unchecked or wrong (measured.go,
//     through lessoncheck.MeasuredProblems);
//   - an output line whose verdict its own speed-up contradicts ("in parallel" at 1.0x;
//     verdict.go);
//   - the word "seed" for the source articles or their programs, which readers do not know
//     (words.go);
//   - a lesson marker that package lessonmark cannot read (`<!-- gloden: ... -->`);
//   - a wording an expert review found wrong, and which came back before (misclaims.go).
//
// Each finding names its file and line. commands.go splits the shell command lines the page
// shows; programs.go runs the programs the checks need (node, go build, go env). The command internal/cmd/lessonlint runs it over the
// repository; `make lint` and CI run that command.
package lessonlint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/concurrency-models/book/internal/lessonmark"
)

// A Finding is one defect at a line of a file.
type Finding struct {
	File string // as given to the linter, relative to Root
	Line int    // 1-based
	Msg  string
}

func (f Finding) String() string { return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Msg) }

// A Linter checks the pages of one repository.
type Linter struct {
	// Root is the repository's root directory.
	Root string
	// GOROOT is the installed Go's root; file references such as runtime/proc.go:1234 are
	// looked up in GOROOT/src. Empty skips that check.
	GOROOT string
	// Usage returns the usage text (what -h prints) of the program in the chapter folder dir
	// (relative to Root, e.g. "ch03-gil"). Nil skips the check of go run commands.
	Usage func(dir string) (string, error)
	// Mermaid parses diagrams: for each text, "" if it parses, else the parser's message.
	// Nil skips the check.
	Mermaid func(texts []string) ([]string, error)
}

// Pages returns the files the lint reads, relative to root: every chapter's README.md and its
// exercises' and Python programs' README.md, the top-level README.md and docs/*.md.
func Pages(root string) ([]string, error) {
	var pages []string
	for _, pattern := range []string{"README.md", "docs/*.md", "ch[0-9][0-9]-*/README.md",
		"ch[0-9][0-9]-*/exercises/*/README.md", "ch[0-9][0-9]-*/python/README.md"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			rel, _ := filepath.Rel(root, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
	}
	slices.Sort(pages)
	return pages, nil
}

// line is one line of a page, with what kind of text it is.
type line struct {
	no    int
	text  string
	lang  string // the info string of the enclosing code block; "" outside one
	code  bool   // inside a fenced code block (not the fence itself)
	fence bool   // a fence line
	// output is set inside a block that follows a golden or regen marker: a program's output.
	output bool
	regen  string // on a regen marker's line, its command
}

// split classifies the lines of a parsed page.
func split(page *lessonmark.Page) []line {
	out := make([]line, len(page.Lines))
	for i, text := range page.Lines {
		out[i] = line{no: i + 1, text: text}
	}
	outputs := map[int]bool{} // the opening fences of blocks that hold a program's output
	for _, m := range page.Markers {
		if m.Kind == lessonmark.Golden || m.Kind == lessonmark.Regen {
			outputs[m.Block.Start] = true
		}
		if m.Kind == lessonmark.Regen {
			out[m.Line-1].regen = m.Args
		}
	}
	for _, b := range page.Blocks {
		out[b.Start-1].fence, out[b.End-1].fence = true, true
		for no := b.Start + 1; no < b.End; no++ {
			out[no-1].code, out[no-1].lang, out[no-1].output = true, b.Lang, outputs[b.Start]
		}
	}
	return out
}

// Lint checks the given pages (paths relative to Root) and returns every finding, in file and
// line order.
func (l *Linter) Lint(pages []string) ([]Finding, error) {
	var all []Finding
	var diagrams []diagram
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(l.Root, p))
		if err != nil {
			return nil, err
		}
		page, err := lessonmark.Parse(filepath.Join(l.Root, p), data) // a marker's txtar is found from its path
		var unread lessonmark.ErrorList
		if errors.As(err, &unread) {
			for _, e := range unread {
				all = append(all, Finding{p, e.Line, e.Msg})
			}
		}
		lines := split(page)
		diagrams = append(diagrams, mermaidBlocks(p, lines)...)
		fs, err := l.page(p, lines)
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
		all = append(all, measured(p, page)...)
	}
	if l.Mermaid != nil && len(diagrams) > 0 {
		fs, err := l.checkMermaid(diagrams)
		if err != nil {
			return nil, err
		}
		all = append(all, fs...)
	}
	slices.SortStableFunc(all, func(a, b Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return all, nil
}

// page runs the checks that need only the page's own text.
func (l *Linter) page(file string, lines []line) ([]Finding, error) {
	targets, err := makeTargets(filepath.Join(l.Root, "Makefile"))
	if err != nil {
		return nil, err
	}
	var fs []Finding
	add := func(no int, format string, args ...any) {
		fs = append(fs, Finding{file, no, fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{} // one finding per line and text
	addOnce := func(no int, key string, format string, args ...any) {
		k := strconv.Itoa(no) + "\x00" + key
		if !seen[k] {
			seen[k] = true
			add(no, format, args...)
		}
	}
	for _, ln := range lines {
		if ln.fence || ln.lang == "mermaid" {
			continue
		}
		if ln.code && ln.output {
			if msg := verdict(ln.text); msg != "" {
				add(ln.no, "%s", msg)
			}
		}
		// Commands: in shell-ish code blocks, in inline code and in regen markers.
		var cmds []string
		switch {
		case ln.code && !ln.output && !slices.Contains([]string{"go", "python", "py", "diff"}, ln.lang):
			cmds = append(cmds, strings.TrimPrefix(strings.TrimSpace(ln.text), "$ "))
		case !ln.code:
			cmds = append(cmds, codeSpans(ln.text)...)
			if ln.regen != "" {
				cmds = append(cmds, ln.regen)
			}
		}
		for _, c := range cmds {
			for _, argv := range commands(c) {
				for _, msg := range l.checkCommand(argv, targets) {
					addOnce(ln.no, msg, "%s", msg)
				}
			}
		}
		if msg := words(ln); msg != "" {
			add(ln.no, "%s", msg)
		}
		for _, msg := range misclaimed(ln) {
			add(ln.no, "%s", msg)
		}
		// Paths: links, code (spans and blocks, outputs included) and prose.
		text := urlRE.ReplaceAllString(ln.text, " ")
		if !ln.code {
			for _, m := range linkRE.FindAllStringSubmatch(codeSpanRE.ReplaceAllString(ln.text, " "), -1) {
				target := m[1]
				if strings.Contains(target, ":") || strings.HasPrefix(target, "#") {
					continue // a URL or an anchor
				}
				target, _, _ = strings.Cut(target, "#")
				if !exists(filepath.Join(l.Root, filepath.Dir(file), target)) {
					addOnce(ln.no, target, "link to %s: no such file or directory in the repository", target)
				}
			}
			text = linkRE.ReplaceAllString(text, " ")
		}
		codeText := text
		if !ln.code {
			codeText = strings.Join(codeSpans(text), " ")
		}
		for _, tok := range pathTokens(codeText) {
			if msg := l.checkPath(file, tok, false); msg != "" {
				addOnce(ln.no, tok, "%s", msg)
			}
		}
		if !ln.code {
			for _, m := range nameInFileRE.FindAllStringSubmatch(text, -1) {
				if msg := l.checkName(file, m[1], m[2]); msg != "" {
					addOnce(ln.no, m[0], "%s", msg)
				}
			}
			for _, tok := range pathTokens(codeSpanRE.ReplaceAllString(text, " ")) {
				if msg := l.checkPath(file, tok, true); msg != "" {
					addOnce(ln.no, tok, "%s", msg)
				}
			}
		}
	}
	return fs, nil
}

var (
	codeSpanRE = regexp.MustCompile("`+([^`]+)`+")
	linkRE     = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	urlRE      = regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^\s)>\]` + "`" + `]*`)
)

func codeSpans(text string) []string {
	var spans []string
	for _, m := range codeSpanRE.FindAllStringSubmatch(text, -1) {
		spans = append(spans, m[1])
	}
	return spans
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
