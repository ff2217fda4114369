// Package lessonlint finds, in the book's lessons (chNN-topic/README.md) and pages (README.md,
// docs/*.md), the mistakes a reader trips over and a test of the code does not see:
//
//   - a Mermaid diagram that Mermaid cannot parse (checked by Mermaid's own parser, run by node);
//   - `make TARGET` where the Makefile has no such target;
//   - a path in a link, in code or in prose that is not in the repository;
//   - `go run ./chNN-topic DEMO -FLAG` with a demo or flag the chapter's program does not accept;
//   - a Go source file:line (runtime/proc.go:1234) not in the installed Go's $GOROOT/src, or a
//     name cited in a file (`retake` in `runtime/proc.go`) that does not occur in it;
//   - a measured block (`<!-- regen: ... -->`) whose shape is unchecked or wrong (see
//     scripttest.MeasuredProblems);
//   - an output line whose verdict its own speed-up contradicts ("in parallel" at 1.0x);
//   - the word "seed" for the source articles or their programs, which readers do not know.
//
// Each finding names its file and line. The command internal/cmd/lessonlint runs it over the
// repository; `make lint` and CI run that command.
package lessonlint

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/concurrency-models/book/internal/lessonmark"
	"github.com/concurrency-models/book/internal/scripttest"
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
		// Every page's measured blocks, the chapters' and docs/benchmarks.md's alike.
		for _, pr := range scripttest.MeasuredProblems(page) {
			all = append(all, Finding{p, pr.Line, pr.Msg})
		}
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

// A diagram is a Mermaid block: its text and the line of its opening fence.
type diagram struct {
	file  string
	fence int
	text  string
}

func mermaidBlocks(file string, lines []line) []diagram {
	var ds []diagram
	var cur *diagram
	for _, l := range lines {
		switch {
		case l.fence && cur == nil && strings.Contains(l.text, "mermaid"):
			cur = &diagram{file: file, fence: l.no}
		case l.fence && cur != nil:
			ds = append(ds, *cur)
			cur = nil
		case cur != nil:
			cur.text += l.text + "\n"
		}
	}
	return ds
}

var mermaidLine = regexp.MustCompile(`Parse error on line (\d+)`)

func (l *Linter) checkMermaid(ds []diagram) ([]Finding, error) {
	texts := make([]string, len(ds))
	for i, d := range ds {
		texts[i] = d.text
	}
	msgs, err := l.Mermaid(texts)
	if err != nil {
		return nil, err
	}
	var fs []Finding
	for i, msg := range msgs {
		if msg == "" {
			continue
		}
		at := ds[i].fence
		if m := mermaidLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			at += n // line 1 of the diagram is the line after the fence
		}
		fs = append(fs, Finding{ds[i].file, at, "Mermaid cannot parse this diagram: " + msg})
	}
	return fs, nil
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
		if m := seedRE.FindString(pathTokenRE.ReplaceAllString(ln.text, " ")); m != "" && ln.lang != "go" {
			add(ln.no, "%q: name the thing for what it is (the source program, the source articles: docs/sources.md)", m)
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

// seedRE finds the word the book's drafts used for the source articles and their programs;
// readers do not know it (a path with it in is reported as a path).
var seedRE = regexp.MustCompile(`(?i)\bseeds?\b`)

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

var ruleRE = regexp.MustCompile(`^([A-Za-z0-9_.%/$() -]+?)\s*::?(?:[^=]|$)`)

// makeTargets reads the targets a Makefile defines.
func makeTargets(makefile string) (map[string]bool, error) {
	f, err := os.Open(makefile)
	if os.IsNotExist(err) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	targets := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := ruleRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for t := range strings.FieldsSeq(m[1]) {
			targets[t] = true
		}
	}
	return targets, sc.Err()
}

var assignRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// commands splits a shell command line into simple commands (argument vectors), dropping
// leading VAR=value assignments. Quotes are honoured; a comment ends the line. A bracketed
// list of alternatives, [a|b|c] (written [a\|b\|c] in a table), is one word.
func commands(s string) [][]string {
	s = strings.ReplaceAll(s, `\|`, "|")
	var cmds [][]string
	var argv []string
	var word strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			argv = append(argv, word.String())
			word.Reset()
			inWord = false
		}
	}
	flushCmd := func() {
		flushWord()
		for len(argv) > 0 && assignRE.MatchString(argv[0]) {
			argv = argv[1:]
		}
		if len(argv) > 0 {
			cmds = append(cmds, argv)
		}
		argv = nil
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				j = len(s) - i - 1
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '[':
			depth++
			word.WriteByte(c)
			inWord = true
		case c == ']' && depth > 0:
			depth--
			word.WriteByte(c)
		case depth > 0:
			word.WriteByte(c)
		case c == ' ' || c == '\t':
			flushWord()
		case c == '#' && !inWord:
			flushCmd()
			return cmds
		case strings.IndexByte(";&|()<>", c) >= 0:
			if (c == '>' || c == '<') && inWord && strings.Trim(word.String(), "0123456789") == "" {
				word.Reset() // the 2 of 2>&1
				inWord = false
			}
			flushCmd()
			// Redirections take the next word as a file name, not an argument.
			if c == '>' || c == '<' {
				for i+1 < len(s) && strings.IndexByte(">&0123456789 ", s[i+1]) >= 0 {
					i++
				}
				for i+1 < len(s) && s[i+1] != ' ' {
					i++
				}
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flushCmd()
	return cmds
}

// checkCommand checks one simple command: make targets, and go run of a chapter.
func (l *Linter) checkCommand(argv []string, targets map[string]bool) []string {
	var msgs []string
	switch {
	case argv[0] == "make":
		for _, a := range argv[1:] {
			if strings.HasPrefix(a, "-") || strings.Contains(a, "=") || placeholder(a) {
				continue
			}
			if !targets[a] {
				msgs = append(msgs, fmt.Sprintf("make %s: the Makefile has no target %q", a, a))
			}
		}
	case argv[0] == "go" && len(argv) > 2 && argv[1] == "run":
		args := argv[2:]
		for len(args) > 0 && strings.HasPrefix(args[0], "-") {
			args = args[1:] // go run's own flags (-race); none of them takes a separate value here
		}
		if len(args) == 0 {
			break
		}
		dir := strings.TrimSuffix(strings.TrimPrefix(args[0], "./"), "/")
		if !chapterDirRE.MatchString(dir) || l.Usage == nil {
			break // a sub-package (its path is checked as a path) or no usage to check against
		}
		if !exists(filepath.Join(l.Root, dir)) {
			break // reported as a missing path
		}
		usage, err := l.Usage(dir)
		if err != nil {
			msgs = append(msgs, fmt.Sprintf("go run ./%s: cannot get its usage: %v", dir, err))
			break
		}
		msgs = append(msgs, checkArgs(dir, parseUsage(usage), args[1:])...)
	}
	return msgs
}

var chapterDirRE = regexp.MustCompile(`^ch[0-9][0-9]-[\w-]+$`)

// Verdicts that a measured line may print beside its speed-up, and the speed-ups that
// contradict them: "in parallel" at 1.0x, "no faster" at 1.9x. The margins are wide, so that
// only a verdict its own numbers plainly contradict is reported.
var (
	speedupRE        = regexp.MustCompile(`\b([0-9]+(?:\.[0-9]+)?)[x×]`)
	parallelRE       = regexp.MustCompile(`(?i)\b(in parallel|parallel speed-?up|scales)\b`)
	noSpeedupRE      = regexp.MustCompile(`(?i)\b(no faster|useless|no gain|no speed-?up|not in parallel|one at a time)\b`)
	parallelAtMost   = 1.1 // "in parallel" at this speed-up or less is contradicted
	noSpeedupAtLeast = 1.5 // "no faster" at this speed-up or more is contradicted
)

// verdict checks one line of a program's output for a verdict its speed-up contradicts.
func verdict(text string) string {
	m := speedupRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	x, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return ""
	}
	switch {
	case noSpeedupRE.MatchString(text):
		if x >= noSpeedupAtLeast {
			return fmt.Sprintf("the verdict %q contradicts the speed-up %sx on the same line: compute the label from the numbers", noSpeedupRE.FindString(text), m[1])
		}
	case parallelRE.MatchString(text):
		if x <= parallelAtMost {
			return fmt.Sprintf("the verdict %q contradicts the speed-up %sx on the same line: compute the label from the numbers", parallelRE.FindString(text), m[1])
		}
	}
	return ""
}

// placeholder reports whether a word stands for what the reader fills in: all capitals, such
// as TARGET or DEMO.
func placeholder(word string) bool {
	return placeholderRE.MatchString(word)
}

var placeholderRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// usage is what a chapter program accepts: its demos and its flags (true for a bool flag).
type usage struct {
	demos []string
	flags map[string]bool
}

var flagLineRE = regexp.MustCompile(`^  -([\w.-]+)(?: (\S+))?(?:\t|$)`)

// parseUsage reads the usage text internal/cli prints for -h.
func parseUsage(text string) usage {
	u := usage{flags: map[string]bool{"h": true, "help": true}}
	section := ""
	for l := range strings.SplitSeq(text, "\n") {
		switch {
		case strings.HasPrefix(l, "demos"):
			section = "demos"
		case strings.HasPrefix(l, "flags:"):
			section = "flags"
		case section == "demos" && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
			if f := strings.Fields(l); len(f) > 0 {
				u.demos = append(u.demos, f[0])
			}
		case section == "flags":
			if m := flagLineRE.FindStringSubmatch(l); m != nil {
				u.flags[m[1]] = m[2] == ""
			}
		}
	}
	return u
}

// checkArgs checks the arguments after "go run ./dir" against the program's usage, the way
// internal/cli parses them: flags before and after one demo name.
func checkArgs(dir string, u usage, args []string) []string {
	var msgs []string
	demo := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			continue
		case placeholder(strings.TrimLeft(a, "-")):
			// DEMO, -FLAG: a placeholder in a description of the command line
		case strings.HasPrefix(a, "-") && len(a) > 1:
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			isBool, ok := u.flags[name]
			if !ok {
				msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no flag -%s (see go run ./%s -h)", dir, name, dir))
				continue
			}
			if !isBool && !hasValue {
				i++ // the flag's value
			}
		case strings.HasPrefix(a, "[") && strings.Contains(a, "|"):
			for alt := range strings.SplitSeq(strings.Trim(a, "[]"), "|") {
				if !slices.Contains(u.demos, alt) {
					msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no demo %q (it has %s)", dir, alt, strings.Join(u.demos, ", ")))
				}
			}
			demo = a
		case strings.HasPrefix(a, "[") || strings.HasPrefix(a, "<") || a == "...":
			// a placeholder, as in "[demo] [flags]"
		case demo == "":
			demo = a
			if !slices.Contains(u.demos, a) {
				msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no demo %q (it has %s)", dir, a, strings.Join(u.demos, ", ")))
			}
		default:
			msgs = append(msgs, fmt.Sprintf("go run ./%s: unexpected argument %q after demo %q", dir, a, demo))
		}
	}
	return msgs
}

// pathTokenRE matches what may be a path: words joined by slashes, maybe starting with ./ or
// ../ or /, maybe ending with :LINE or :LINE-LINE.
var pathTokenRE = regexp.MustCompile(`(?:\.{1,2}/|/|\$\(go env GOROOT\)/)?[\w.*-]+(?:/[\w.*-]+)+/?(?::[0-9]+(?:-[0-9]+)?)?`)

func pathTokens(text string) []string {
	var toks []string
	for _, loc := range pathTokenRE.FindAllStringIndex(text, -1) {
		if loc[0] > 0 && (isWordByte(text[loc[0]-1]) || strings.IndexByte(":@=+~/.", text[loc[0]-1]) >= 0) {
			continue // part of something else: a URL's host, an email, a flag's value
		}
		tok := text[loc[0]:loc[1]]
		if !strings.HasSuffix(tok, "/...") {
			tok = strings.TrimRight(tok, ".") // the end of a sentence
		}
		toks = append(toks, tok)
	}
	return toks
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

var (
	lineSuffixRE = regexp.MustCompile(`:([0-9]+)(?:-([0-9]+))?$`)
	chapterRE    = regexp.MustCompile(`^ch[0-9][0-9]-`)
	sourceExtRE  = regexp.MustCompile(`\.(go|s|c|h)$`)
)

// checkPath checks one path-like token from file. In prose (prose is true) only tokens that
// are surely meant as paths are checked: those that start with a chapter's folder, internal/,
// docs/ or shared/, and Go source files. It returns "" if the path is fine.
func (l *Linter) checkPath(file, tok string, prose bool) string {
	p, lineNo := tok, 0
	if m := lineSuffixRE.FindStringSubmatch(p); m != nil {
		p = strings.TrimSuffix(p, m[0])
		lineNo, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			lineNo, _ = strconv.Atoi(m[2])
		}
	}
	p = strings.TrimSuffix(strings.TrimSuffix(p, "/..."), "/")
	if strings.HasSuffix(p, "...") || p == "" {
		return ""
	}
	// A file of Go's own source: $(go env GOROOT)/src/..., /usr/local/go/src/..., src/runtime/...
	if i := strings.LastIndex("/"+p, "/src/"); i >= 0 && l.GOROOT != "" {
		rel := ("/" + p)[i+len("/src/"):]
		if first, _, _ := strings.Cut(rel, "/"); exists(filepath.Join(l.GOROOT, "src", first)) {
			return l.checkGo(tok, rel, lineNo)
		}
	}
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "$") {
		return "" // some other absolute path: not the book's to check
	}
	dir := filepath.Join(l.Root, filepath.Dir(file))
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "./"), "/")
	inRepo := exists(filepath.Join(l.Root, first)) || exists(filepath.Join(dir, first)) ||
		first == ".." || first == "shared" || chapterRE.MatchString(first)
	// Only files are looked up in Go's source: a bare a/b is too often something else.
	inGo := l.GOROOT != "" && sourceExtRE.MatchString(p) && exists(filepath.Join(l.GOROOT, "src", first))
	if prose && !(first == "shared" || first == "internal" || first == "docs" || chapterRE.MatchString(first) || sourceExtRE.MatchString(p)) {
		return ""
	}
	if inRepo {
		for _, base := range []string{dir, l.Root} {
			if strings.HasPrefix(p, "../") && base == l.Root {
				continue
			}
			if msg, ok := l.checkFile(tok, filepath.Join(base, p), lineNo); ok {
				return msg
			}
		}
		if !inGo && !(l.GOROOT != "" && exists(filepath.Join(l.GOROOT, "src", p))) {
			return fmt.Sprintf("%s: no such file or directory in the repository", tok)
		}
		inGo = true // internal/poll, say: a package of Go's, not of the book's
	}
	if inGo {
		return l.checkGo(tok, p, lineNo)
	}
	return ""
}

// nameInFileRE matches a name cited in a source file: `retake` in `runtime/proc.go`.
var nameInFileRE = regexp.MustCompile("`" + `([A-Za-z_][\w.]*)(?:\(\))?` + "` in `" + `((?:\$\(go env GOROOT\)/src/)?[\w./-]+\.(?:go|s|c|h))` + "`")

// checkName checks that a name cited in a source file occurs in it: in the repository's file,
// or else in the installed Go's. For a qualified name (sched.nmspinning) the last part must.
func (l *Linter) checkName(file, name, src string) string {
	rel := src
	if i := strings.LastIndex("/"+src, "/src/"); i >= 0 {
		rel = ("/" + src)[i+len("/src/"):]
	}
	candidates := []string{filepath.Join(l.Root, filepath.Dir(file), src), filepath.Join(l.Root, src)}
	if l.GOROOT != "" {
		candidates = append(candidates, filepath.Join(l.GOROOT, "src", rel))
		if !strings.Contains(rel, "/") {
			// A bare file name beside the runtime's: `notetsleepg` in `lock_futex.go`.
			candidates = append(candidates, filepath.Join(l.GOROOT, "src", "runtime", rel))
		}
	}
	path := ""
	for _, p := range candidates {
		if exists(p) {
			path = p
			break
		}
	}
	if path == "" {
		return "" // a missing file is reported as a path
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	last := name[strings.LastIndex(name, ".")+1:]
	if !regexp.MustCompile(`\b` + regexp.QuoteMeta(last) + `\b`).Match(data) {
		return fmt.Sprintf("`%s` in `%s`: %s does not occur in that file", name, src, last)
	}
	return ""
}

// checkFile reports whether path exists (or, with wildcards, matches something) and, if it
// does, whether it has line lineNo.
func (l *Linter) checkFile(tok, path string, lineNo int) (string, bool) {
	if strings.ContainsAny(path, "*?[") {
		m, _ := filepath.Glob(path)
		return "", len(m) > 0
	}
	if !exists(path) {
		return "", false
	}
	if lineNo > 0 {
		n, err := countLines(path)
		if err != nil {
			return fmt.Sprintf("%s: %v", tok, err), true
		}
		if lineNo > n {
			return fmt.Sprintf("%s: the file has only %d lines", tok, n), true
		}
	}
	return "", true
}

func (l *Linter) checkGo(tok, rel string, lineNo int) string {
	if msg, ok := l.checkFile(tok, filepath.Join(l.GOROOT, "src", rel), lineNo); ok {
		if msg != "" {
			return msg + " in $(go env GOROOT)/src of the installed Go"
		}
		return ""
	}
	return fmt.Sprintf("%s: no such file or directory in $(go env GOROOT)/src of the installed Go", tok)
}

func countLines(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n := strings.Count(string(data), "\n")
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n, nil
}
