package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeRepo writes a small book: files maps slash paths to contents.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
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
	require.NoError(t, err)
	return string(data)
}

func TestBuildRewritesLinksToPagesAndSourceViews(t *testing.T) {
	root, res, err := build(t, goodBook)
	require.NoError(t, err)
	want := []string{"index.html", "ch01-demo/index.html", "ch01-demo/exercises/1-first/index.html", "docs/glossary.html"}
	if diff := cmp.Diff(want, res.Pages); diff != "" {
		t.Errorf("pages in reading order (-want +got):\n%s", diff)
	}
	assert.Equal(t, 1, res.Mermaid, "Mermaid diagrams")
	if assert.Len(t, res.Chapters, 1, "chapters") {
		assert.Equal(t, "Chapter 1 — Demo", res.Chapters[0].Title, "the chapter's title")
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
		assert.Contains(t, ch, s, "the chapter page")
	}
	assert.NotContains(t, ch, "<!--", "authors' comments reached the page")
	home := read(t, filepath.Join(site, "index.html"))
	for _, s := range []string{`href="ch01-demo/index.html"`, `href="docs/glossary.html#gil"`} {
		assert.Contains(t, home, s, "the front page")
	}
	view := read(t, filepath.Join(site, "ch01-demo/main.go.html"))
	assert.Contains(t, view, `id="L3"`, "source view has no line anchors")
	print := read(t, filepath.Join(site, PrintPage))
	for _, s := range []string{`id="p-ch01-demo-index"`, `id="p-ch01-demo-index-the-picture"`, `href="#p-docs-glossary-gil"`} {
		assert.Contains(t, print, s, "print.html")
	}
	assert.NotContains(t, print, "main.go.html", "print.html links to a source view, which the PDF does not have")
	idx := read(t, filepath.Join(site, "assets/search-index.js"))
	assert.Contains(t, idx, "run_in_executor", "the search index: the glossary's entry")
	assert.Contains(t, idx, `"u":"docs/glossary.html#gil"`, "the search index: the glossary's entry")
	for _, f := range []string{"assets/style.css", "assets/site.js", "assets/search.js", "assets/mermaid.min.js", "ch01-demo/testdata/pic.svg", SearchPage} {
		_, err := os.Stat(filepath.Join(site, f))
		assert.NoError(t, err)
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
	require.NoError(t, os.MkdirAll(out, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "old.html"), []byte("the last good build"), 0o644))
	_, err := Build(Options{Root: root, Out: out, Mermaid: filepath.Join(root, "mermaid.min.js")})
	var probs Problems
	require.ErrorAs(t, err, &probs, "Build: want Problems")
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
	assert.Equal(t, "the last good build", read(t, filepath.Join(out, "old.html")), "the old site changed")
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		assert.Falsef(t, strings.HasPrefix(e.Name(), "._site"), "a half-built site was left behind: %s", e.Name())
	}
}

func TestBuildReplacesTheOldSite(t *testing.T) {
	root := writeRepo(t, goodBook)
	out := filepath.Join(root, "_site")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "stale.html"), nil, 0o644)
	_, err := Build(Options{Root: root, Out: out, Mermaid: filepath.Join(root, "mermaid.min.js")})
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(out, "stale.html"))
	assert.Error(t, err, "a file of the old build survived")
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		assert.Falsef(t, strings.HasPrefix(e.Name(), "._site"), "left behind: %s", e.Name())
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
		assert.Equalf(t, c.want, s.slug(c.title), "slug(%q)", c.title)
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
		assert.Equalf(t, c.want, relURL(c.from, c.to), "relURL(%q, %q)", c.from, c.to)
	}
}

// TestTemplatesHoldNoWords keeps every word of the interface in the language tables, so that
// another edition needs only a new table: outside template actions, scripts and tags, a
// template has no letters, and no attribute a reader sees holds a word.
func TestTemplatesHoldNoWords(t *testing.T) {
	files, _ := filepath.Glob("theme/*.html")
	require.NotEmpty(t, files, "no templates")
	actions := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	scripts := regexp.MustCompile(`(?s)<script[^>]*>.*?</script>|\{\{- define "theme-init"\}\}.*?\{\{end\}\}`)
	tags := regexp.MustCompile(`(?s)<[^>]*>`)
	shown := regexp.MustCompile(`(?:aria-label|title|placeholder|alt|data-dark|data-light|data-none|data-count)="([^"]*)"`)
	letters := regexp.MustCompile(`\pL{2,}`)
	for _, f := range files {
		src := scripts.ReplaceAllString(read(t, f), "")
		src = actions.ReplaceAllString(src, "")
		for _, m := range shown.FindAllStringSubmatch(src, -1) {
			assert.NotRegexpf(t, letters, m[1], "%s: an attribute holds words: %s", f, m[0])
		}
		assert.Emptyf(t, letters.FindAllString(tags.ReplaceAllString(src, ""), -1), "%s: words outside the language table", f)
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
	require.NotEmpty(t, tables, "no language tables")
	for _, f := range tables {
		var m map[string]string
		require.NoErrorf(t, json.Unmarshal([]byte(read(t, f)), &m), "%s", f)
		for k := range used {
			assert.NotEmptyf(t, m[k], "%s lacks %q", f, k)
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
		require.NoErrorf(t, json.Unmarshal([]byte(read(t, file)), &p), "%s", file)
		if v, ok := p.Dependencies["mermaid"]; ok {
			return v
		}
		return p.Packages["node_modules/mermaid"].Version
	}
	lint := version("../lessonlint/mermaid/package.json")
	got := []string{version("../cmd/site/package.json"), version("../cmd/site/package-lock.json")}
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, lint, "Mermaid: the lint's pin, an exact version")
	assert.Equalf(t, []string{lint, lint}, got, "Mermaid: the site's package.json and lock; the lint pins %q", lint)
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
			assert.Truef(t, strings.HasPrefix(line, `html[data-theme="dark"] `), "a dark rule outside the dark theme: %s", line)
		}
		reset = reset || strings.HasPrefix(line, `html[data-theme="dark"] .chroma span { color: inherit`)
	}
	assert.NotZero(t, dark, "dark rules")
	assert.True(t, reset, "light colours reset in the dark theme")
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
		assert.Equalf(t, want, columns(code), "columns(%q)", code)
	}
}
