package site

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeRepo writes a small book: files maps slash paths to contents.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// goodBook is a book with one chapter, an exercise, a glossary and a diagram; build writes it.
var goodBook = map[string]string{
	"README.md": "# The book\n\nRead [chapter 1](ch01-demo/) and the [glossary](docs/glossary.md#gil).\n",
	"ch01-demo/README.md": "# Chapter 1 — Demo\n\n## `time.Sleep` blocks\n\nSee [main.go](main.go) at [line 3](main.go#L3), " +
		"[the exercise](exercises/1-first/) and [below](#the-picture).\n\n" +
		"<!-- golden: demo.txtar want.txt -->\n```text\nhello\n```\n\n" +
		"[embedmd]:# (main.go go /func main/ /}/)\n```go\nfunc main() {}\n```\n\n" +
		"<!-- regen: go run ./ch01-demo -->\n```text\n1.5 s\n```\n\n" +
		"<!-- drawn by hand -->\n## The picture\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n![a picture](testdata/pic.svg)\n",
	"ch01-demo/main.go":                    "package main\n\nfunc main() {}\n",
	"ch01-demo/testdata/script/demo.txtar": "-- want.txt --\nhello\n",
	"ch01-demo/testdata/pic.svg":           `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>`,
	"ch01-demo/exercises/1-first/README.md": "# Exercise 1.1 — First\n\nPractises [the picture](../../README.md#the-picture); " +
		"edit [exercise.go](exercise.go).\n",
	"ch01-demo/exercises/1-first/exercise.go": "package first\n",
	"docs/glossary.md":                        "# Glossary\n\n## GIL\n\nThe global interpreter lock; see `run_in_executor`.\n",
	"mermaid.min.js":                          "/* a stand-in for Mermaid's bundle */\n",
}

func build(t *testing.T, files map[string]string) (string, *Result, error) {
	t.Helper()
	root := writeRepo(t, files)
	res, err := Build(Options{Root: root, Out: filepath.Join(root, "_site"), Mermaid: filepath.Join(root, "mermaid.min.js")})
	return root, res, err
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBuildRewritesLinksToPagesAndSourceViews(t *testing.T) {
	root, res, err := build(t, goodBook)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"index.html", "ch01-demo/index.html", "ch01-demo/exercises/1-first/index.html", "docs/glossary.html"}
	if diff := cmp.Diff(want, res.Pages); diff != "" {
		t.Errorf("pages in reading order (-want +got):\n%s", diff)
	}
	if res.Mermaid != 1 || len(res.Chapters) != 1 || res.Chapters[0].Title != "Chapter 1 — Demo" {
		t.Errorf("Mermaid %d, chapters %+v", res.Mermaid, res.Chapters)
	}
	site := filepath.Join(root, "_site")
	ch := read(t, filepath.Join(site, "ch01-demo/index.html"))
	for _, s := range []string{
		`id="timesleep-blocks"`,               // GitHub's anchor for a heading with code
		`href="main.go.html"`,                 // code: the source view
		`href="main.go.html#L3"`,              // a line of it
		`href="exercises/1-first/index.html"`, // a folder with a README: its page
		`href="#the-picture"`,
		`<pre class="mermaid">sequenceDiagram`,
		`src="testdata/pic.svg"`,
		`href="testdata/script/demo.txtar.html"`,               // the golden marker's note
		`From <a href="main.go.html"><code>main.go</code></a>`, // the listing's
		`by <code>go run ./ch01-demo</code>`,                   // the measured block's
		`rel="next"`, `rel="prev"`,
	} {
		if !strings.Contains(ch, s) {
			t.Errorf("chapter page lacks %s", s)
		}
	}
	if strings.Contains(ch, "<!--") {
		t.Errorf("authors' comments reached the page")
	}
	home := read(t, filepath.Join(site, "index.html"))
	for _, s := range []string{`href="ch01-demo/index.html"`, `href="docs/glossary.html#gil"`} {
		if !strings.Contains(home, s) {
			t.Errorf("front page lacks %s", s)
		}
	}
	view := read(t, filepath.Join(site, "ch01-demo/main.go.html"))
	if !strings.Contains(view, `id="L3"`) {
		t.Errorf("source view has no line anchors")
	}
	print := read(t, filepath.Join(site, PrintPage))
	for _, s := range []string{`id="p-ch01-demo-index"`, `id="p-ch01-demo-index-the-picture"`, `href="#p-docs-glossary-gil"`} {
		if !strings.Contains(print, s) {
			t.Errorf("print.html lacks %s", s)
		}
	}
	if strings.Contains(print, "main.go.html") {
		t.Errorf("print.html links to a source view, which the PDF does not have")
	}
	idx := read(t, filepath.Join(site, "assets/search-index.js"))
	if !strings.Contains(idx, "run_in_executor") || !strings.Contains(idx, `"u":"docs/glossary.html#gil"`) {
		t.Errorf("search index lacks the glossary's entry:\n%s", idx)
	}
	for _, f := range []string{"assets/style.css", "assets/site.js", "assets/search.js", "assets/mermaid.min.js", "ch01-demo/testdata/pic.svg", SearchPage} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestBuildFailsWithFileAndLineAndKeepsTheOldSite(t *testing.T) {
	bad := map[string]string{}
	for k, v := range goodBook {
		bad[k] = v
	}
	bad["ch01-demo/README.md"] = "# Chapter 1 — Demo\n" + // 1
		"\n" + // 2
		"A [broken link](nosuch.go).\n" + // 3
		"\n" + // 4
		"<!-- gloden: demo.txtar want.txt -->\n" + // 5
		"```text\nhello\n```\n" + // 6-8
		"\n" + // 9
		"[No anchor](../docs/glossary.md#nosuch) and [none here](#nowhere).\n" + // 10
		"\n" + // 11
		"<!-- golden: missing.txtar want.txt -->\n" + // 12
		"```text\nhello\n```\n" // 13-15
	root := writeRepo(t, bad)
	out := filepath.Join(root, "_site")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "old.html"), []byte("the last good build"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Options{Root: root, Out: out, Mermaid: filepath.Join(root, "mermaid.min.js")})
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Build: %v, want Problems", err)
	}
	want := []string{
		`ch01-demo/README.md:3: broken link "nosuch.go": ch01-demo/nosuch.go does not exist`,
		`ch01-demo/README.md:5: unknown marker "gloden:": the book's markers are <!-- golden: ... --> and <!-- regen: ... -->`,
		`ch01-demo/README.md:10: link to docs/glossary.html#nosuch: no such anchor`,
		`ch01-demo/README.md:10: link to ch01-demo/index.html#nowhere: no such anchor`,
		`ch01-demo/README.md:12: the marker names ch01-demo/testdata/script/missing.txtar, which does not exist`,
		`ch01-demo/exercises/1-first/README.md:3: link to ch01-demo/index.html#the-picture: no such anchor`,
	}
	if diff := cmp.Diff(want, []string(probs)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got := read(t, filepath.Join(out, "old.html")); got != "the last good build" {
		t.Errorf("the old site changed: %q", got)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "._site") {
			t.Errorf("a half-built site was left behind: %s", e.Name())
		}
	}
}

func TestBuildReplacesTheOldSite(t *testing.T) {
	root := writeRepo(t, goodBook)
	out := filepath.Join(root, "_site")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "stale.html"), nil, 0o644)
	if _, err := Build(Options{Root: root, Out: out, Mermaid: filepath.Join(root, "mermaid.min.js")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); err == nil {
		t.Errorf("a file of the old build survived")
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "._site") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestSlugsAreGitHubs(t *testing.T) {
	s := newSlugger()
	for _, c := range []struct{ title, want string }{
		{"`time.Sleep` is a blocking call too", "timesleep-is-a-blocking-call-too"},
		{"What CPython's GIL does", "what-cpythons-gil-does"},
		{"4. The Go way: a goroutine and a context", "4-the-go-way-a-goroutine-and-a-context"},
		{"run_in_executor in a few dozen lines", "run_in_executor-in-a-few-dozen-lines"},
		{"Python → Go", "python--go"},
		{"Try this", "try-this"},
		{"Try this", "try-this-1"},
		{"동시성", "동시성"},
	} {
		if got := s.slug(c.title); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func TestRelURL(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"index.html", "ch01/index.html", "ch01/index.html"},
		{"ch01/index.html", "index.html", "../index.html"},
		{"ch01/exercises/1-a/index.html", "ch01/main.go.html", "../../main.go.html"},
		{"ch01/index.html", "ch01/aio/loop.go.html", "aio/loop.go.html"},
		{"ch01/index.html", "docs/glossary.html", "../docs/glossary.html"},
	} {
		if got := relURL(c.from, c.to); got != c.want {
			t.Errorf("relURL(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// TestTemplatesHoldNoWords keeps every word of the interface in the language tables, so that
// another edition needs only a new table: outside template actions, scripts and tags, a
// template has no letters, and no attribute a reader sees holds a word.
func TestTemplatesHoldNoWords(t *testing.T) {
	files, _ := filepath.Glob("theme/*.html")
	if len(files) == 0 {
		t.Fatal("no templates")
	}
	actions := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	scripts := regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|\{\{- define "theme-init"\}\}.*?\{\{end\}\}`)
	tags := regexp.MustCompile(`(?s)<[^>]*>`)
	shown := regexp.MustCompile(`(?:aria-label|title|placeholder|alt|data-dark|data-light|data-none|data-count)="([^"]*)"`)
	letters := regexp.MustCompile(`\pL{2,}`)
	for _, f := range files {
		src := scripts.ReplaceAllString(read(t, f), "")
		src = actions.ReplaceAllString(src, "")
		for _, m := range shown.FindAllStringSubmatch(src, -1) {
			if letters.MatchString(m[1]) {
				t.Errorf("%s: an attribute holds words: %s", f, m[0])
			}
		}
		if w := letters.FindAllString(tags.ReplaceAllString(src, ""), -1); len(w) > 0 {
			t.Errorf("%s: words outside the language table: %q", f, w)
		}
	}
}

// TestEveryLanguageHasEveryWord checks the keys the templates use against each table.
func TestEveryLanguageHasEveryWord(t *testing.T) {
	used := map[string]bool{}
	files, _ := filepath.Glob("theme/*.html")
	for _, f := range files {
		for _, m := range regexp.MustCompile(`\bt "([a-z_]+)"`).FindAllStringSubmatch(read(t, f), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range []string{"note_golden", "note_regen", "note_listing", "front_matter", "appendix", "search"} { // used from Go
		used[k] = true
	}
	tables, _ := filepath.Glob("i18n/*.json")
	if len(tables) == 0 {
		t.Fatal("no language tables")
	}
	for _, f := range tables {
		var m map[string]string
		if err := json.Unmarshal([]byte(read(t, f)), &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k := range used {
			if m[k] == "" {
				t.Errorf("%s lacks %q", f, k)
			}
		}
	}
}

// TestMermaidIsPinnedLikeTheLint keeps the site's Mermaid at the version the lesson lint
// parses the diagrams with, and the lock file in step with it.
func TestMermaidIsPinnedLikeTheLint(t *testing.T) {
	version := func(file string) string {
		var p struct {
			Dependencies map[string]string `json:"dependencies"`
			Packages     map[string]struct {
				Version string `json:"version"`
			} `json:"packages"`
		}
		if err := json.Unmarshal([]byte(read(t, file)), &p); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if v, ok := p.Dependencies["mermaid"]; ok {
			return v
		}
		return p.Packages["node_modules/mermaid"].Version
	}
	lint := version("../lessonlint/mermaid/package.json")
	got := []string{version("../cmd/site/package.json"), version("../cmd/site/package-lock.json")}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(lint) || slices.ContainsFunc(got, func(v string) bool { return v != lint }) {
		t.Errorf("Mermaid: the lint pins %q; the site's package.json and lock have %q", lint, got)
	}
}

// TestDarkCodeColoursOnlyInTheDarkTheme keeps chroma's dark style scoped to the dark theme:
// unscoped, its rules (last in the sheet) would colour code on light pages too, and the light
// style's colours it does not override would stay on dark pages, dark on dark.
func TestDarkCodeColoursOnlyInTheDarkTheme(t *testing.T) {
	css := chromaCSS()
	dark, reset := 0, false
	for _, line := range strings.Split(css, "\n") {
		if strings.Contains(line, "#0d1117") { // github-dark's background
			dark++
			if !strings.HasPrefix(line, `html[data-theme="dark"] `) {
				t.Errorf("a dark rule outside the dark theme: %s", line)
			}
		}
		reset = reset || strings.HasPrefix(line, `html[data-theme="dark"] .chroma span { color: inherit`)
	}
	if dark == 0 || !reset {
		t.Errorf("dark rules: %d; light colours reset in the dark theme: %v", dark, reset)
	}
}

// A code block's width in columns, for print: tabs run to the next multiple of 4, a wide
// character takes two, and the widest line counts.
func TestColumns(t *testing.T) {
	for code, want := range map[string]int{
		"":                       0,
		"abc\n":                  3,
		"\tx\n":                  5,
		"ab\tx\n":                5,
		"생각 중!\n":                8,
		"short\na longer line\n": 13,
		"no newline at the end":  21,
	} {
		if got := columns(code); got != want {
			t.Errorf("columns(%q) = %d, want %d", code, got, want)
		}
	}
}
