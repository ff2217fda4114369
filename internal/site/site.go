// Package site renders the book as a static, offline web site: the front page, docs/, every
// chapter's lesson and every exercise's task, with the code they link to shown in a source
// view. Pages get a side bar of contents, an "on this page" list, previous and next links,
// search over an index built at build time, dark mode and print styles; Mermaid diagrams are
// drawn in the browser by the pinned Mermaid bundle copied into the site. One more page,
// print.html, holds the whole book for Chromium to print as the PDF (see PDF).
//
// Every link is checked: a link to a missing file or anchor, or an unknown marker, fails the
// build with file:line, and the output folder is replaced only by a complete build.
//
// The templates hold no words, only keys of a per-language table (i18n/en.json), so that an
// edition in another language needs a new table (Options.Lang picks it), not new templates.
//
// TestSiteInChromium drives headless Chromium over every page; it takes a minute or more, so
// it runs only with SITE_BROWSER=1 (the site step of .ci/run sets it):
//
//	SITE_BROWSER=1 go test -timeout 15m -run TestSiteInChromium ./internal/site
package site

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2/styles"
)

//go:embed theme i18n
var themeFS embed.FS

// Options says what to build and where.
type Options struct {
	// Root is the repository's root folder.
	Root string
	// Out is the folder the site is written to; a complete build replaces it, a failed one
	// leaves it as it was.
	Out string
	// Lang names the table of interface words (i18n/LANG.json); "" is "en".
	Lang string
	// Mermaid is the path of Mermaid's browser bundle (mermaid.min.js); "" is the one npm
	// installs beside the site command, internal/cmd/site/node_modules.
	Mermaid string
}

// MermaidBundle is where `npm ci` in internal/cmd/site puts Mermaid's browser bundle, from the
// repository's root.
const MermaidBundle = "internal/cmd/site/node_modules/mermaid/dist/mermaid.min.js"

// PrintPage is the page that holds the whole book, for the PDF.
const PrintPage = "print.html"

// SearchPage is the search page.
const SearchPage = "search.html"

// Result describes a finished build.
type Result struct {
	// Out is the folder the site was written to.
	Out string
	// Pages are the book's pages in reading order (front page, each chapter and its
	// exercises, docs), as paths from Out.
	Pages []string
	// Views are the source views and folder listings, as paths from Out.
	Views []string
	// Chapters are the chapters' titles and pages, in order.
	Chapters []Chapter
	// Mermaid counts the Mermaid diagrams, over all pages.
	Mermaid int
}

// Chapter is one chapter of the book.
type Chapter struct {
	Title, Page string
}

// Problems is the error of a failed build: every broken link and bad marker, as file:line.
type Problems []string

// Error lists the problems, one a line.
func (p Problems) Error() string { return strings.Join(p, "\n") }

type kind int

const (
	home kind = iota
	chapter
	exercise
	doc
)

// page is one Markdown file of the book.
type page struct {
	src     string // its path in the repository, e.g. ch01-blocking/README.md
	url     string // its page in the site, e.g. ch01-blocking/index.html
	kind    kind
	chapter int // 1-based, for a chapter and its exercises
	data    []byte
	site    *rendered
	print   *rendered
}

// anchorPrefix prefixes the page's anchors in print.html, where every page shares one document.
func (p *page) anchorPrefix() string { return p.printID() + "-" }

// printID is the anchor of the page itself in print.html.
func (p *page) printID() string {
	return "p-" + strings.NewReplacer("/", "-", ".html", "").Replace(p.url)
}

type anchorCheck struct {
	file string
	line int
	url  string // the target page, from the site's root
	frag string
}

// builder holds one build's state.
type builder struct {
	root, tmp string
	lang      string
	ui        map[string]string
	tmpl      *template.Template
	pages     []*page
	bySrc     map[string]*page
	tracked   map[string]bool // the repository's files (git ls-files), slash paths
	views     map[string]bool // files that get a source view
	listings  map[string]bool // folders without a README that get a listing
	assets    map[string]bool // files copied as they are (images)
	checks    []anchorCheck
	ids       map[string]map[string]bool // anchors of each output page
	problems  []string
	// quiet is set while the print edition renders the pages a second time: their problems
	// and anchors were recorded by the first rendering.
	quiet bool
}

func (b *builder) problem(file string, line int, format string, a ...any) {
	if b.quiet {
		return
	}
	b.problems = append(b.problems, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, a...)))
}

func (b *builder) check(c anchorCheck) {
	if !b.quiet {
		b.checks = append(b.checks, c)
	}
}

// Build renders the site. On any problem it returns Problems and leaves Out untouched.
func Build(opt Options) (*Result, error) {
	if opt.Lang == "" {
		opt.Lang = "en"
	}
	if opt.Mermaid == "" {
		opt.Mermaid = filepath.Join(opt.Root, MermaidBundle)
	}
	ui, err := loadUI(opt.Lang)
	if err != nil {
		return nil, err
	}
	b := &builder{
		root: opt.Root, lang: opt.Lang, ui: ui,
		bySrc: map[string]*page{}, views: map[string]bool{}, listings: map[string]bool{},
		assets: map[string]bool{}, ids: map[string]map[string]bool{},
	}
	if b.tmpl, err = b.templates(); err != nil {
		return nil, err
	}
	mermaidJS, err := os.ReadFile(opt.Mermaid)
	if err != nil {
		return nil, fmt.Errorf("no Mermaid bundle: %w (run `npm ci` in internal/cmd/site, or `make site`)", err)
	}
	if err := b.discover(); err != nil {
		return nil, err
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	b.tmp, err = os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+"-*")
	if err != nil {
		return nil, err
	}
	res, err := b.build(mermaidJS)
	if err == nil && len(b.problems) > 0 {
		sort.SliceStable(b.problems, func(i, j int) bool { return lessProblem(b.problems[i], b.problems[j]) })
		err = Problems(slices.Compact(b.problems))
	}
	if err != nil {
		os.RemoveAll(b.tmp)
		return nil, err
	}
	// Swap the finished site in: readers of Out never see half a build.
	old := b.tmp + "-old"
	if _, err := os.Stat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			os.RemoveAll(b.tmp)
			return nil, err
		}
	}
	if err := os.Rename(b.tmp, out); err != nil {
		return nil, err
	}
	os.RemoveAll(old)
	res.Out = out
	return res, nil
}

// lessProblem orders "file:line: msg" by file, then by line as a number.
func lessProblem(a, b string) bool {
	fa, la := splitProblem(a)
	fb, lb := splitProblem(b)
	if fa != fb {
		return fa < fb
	}
	return la < lb
}

func splitProblem(s string) (string, int) {
	f, rest, _ := strings.Cut(s, ":")
	n := 0
	for _, r := range rest {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return f, n
}

// discover lists the book's pages in reading order and the repository's files.
func (b *builder) discover() error {
	add := func(src string, k kind, ch int) error {
		data, err := os.ReadFile(filepath.Join(b.root, src))
		if err != nil {
			return err
		}
		u := strings.TrimSuffix(src, ".md") + ".html"
		if path.Base(src) == "README.md" {
			u = path.Join(path.Dir(src), "index.html")
		}
		p := &page{src: src, url: u, kind: k, chapter: ch, data: data}
		b.pages = append(b.pages, p)
		b.bySrc[src] = p
		return nil
	}
	glob := func(pattern string) []string {
		m, _ := filepath.Glob(filepath.Join(b.root, pattern))
		var out []string
		for _, f := range m {
			rel, _ := filepath.Rel(b.root, f)
			out = append(out, filepath.ToSlash(rel))
		}
		sort.Strings(out)
		return out
	}
	if err := add("README.md", home, 0); err != nil {
		return err
	}
	for i, lesson := range glob("ch[0-9][0-9]-*/README.md") {
		dir := path.Dir(lesson)
		if err := add(lesson, chapter, i+1); err != nil {
			return err
		}
		for _, ex := range glob(dir + "/exercises/*/README.md") {
			if err := add(ex, exercise, i+1); err != nil {
				return err
			}
		}
		for _, py := range glob(dir + "/python/README.md") {
			if err := add(py, exercise, i+1); err != nil {
				return err
			}
		}
	}
	docs := glob("docs/*.md")
	slices.SortStableFunc(docs, func(a, c string) int {
		ra, rc := path.Base(a) == "README.md", path.Base(c) == "README.md"
		switch {
		case ra && !rc:
			return -1
		case rc && !ra:
			return 1
		}
		return strings.Compare(strings.ToLower(a), strings.ToLower(c))
	})
	for _, d := range docs {
		if err := add(d, doc, 0); err != nil {
			return err
		}
	}
	b.tracked = map[string]bool{}
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = b.root
	if out, err := cmd.Output(); err == nil {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				b.tracked[f] = true
			}
		}
		return nil
	}
	// Not a git checkout (a tarball, say): every file but hidden ones and build output.
	return filepath.WalkDir(b.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != b.root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(b.root, p)
			b.tracked[filepath.ToSlash(rel)] = true
		}
		return nil
	})
}

func (b *builder) build(mermaidJS []byte) (*Result, error) {
	res := &Result{}
	for _, p := range b.pages {
		p.site = b.render(p, siteMode)
		b.quiet = true
		p.print = b.render(p, printMode)
		b.quiet = false
		b.ids[p.url] = p.site.ids
		res.Mermaid += p.site.mermaid
		if p.site.title == "" {
			b.problem(p.src, 1, "the page has no level-1 heading to be its title")
			p.site.title = p.src
		}
		if p.kind == chapter {
			res.Chapters = append(res.Chapters, Chapter{p.site.title, p.url})
		}
	}
	// Folders linked to, and the folders of chapters and exercises, list their files; each
	// listed file gets a source view and each listed folder a listing, down the tree.
	for _, p := range b.pages {
		if p.kind == chapter || p.kind == exercise {
			b.filesOf(path.Dir(p.src))
		}
	}
	done := map[string]bool{}
	for {
		var todo []string
		for d := range b.listings {
			if !done[d] {
				todo = append(todo, d)
			}
		}
		if len(todo) == 0 {
			break
		}
		for _, d := range todo {
			done[d] = true
			b.filesOf(d)
		}
	}
	for _, p := range b.pages {
		if err := b.writePage(p); err != nil {
			return nil, err
		}
		res.Pages = append(res.Pages, p.url)
	}
	for _, d := range sortedKeys(b.listings) {
		u, err := b.writeListing(d)
		if err != nil {
			return nil, err
		}
		res.Views = append(res.Views, u)
	}
	for _, f := range sortedKeys(b.views) {
		u, err := b.writeView(f)
		if err != nil {
			return nil, err
		}
		res.Views = append(res.Views, u)
	}
	for _, f := range sortedKeys(b.assets) {
		data, err := os.ReadFile(filepath.Join(b.root, f))
		if err != nil {
			return nil, err
		}
		if err := b.write(f, data); err != nil {
			return nil, err
		}
	}
	for _, c := range b.checks {
		ids, ok := b.ids[c.url]
		if !ok {
			b.problem(c.file, c.line, "link to %s#%s: that page has no anchors", c.url, c.frag)
		} else if !ids[c.frag] {
			b.problem(c.file, c.line, "link to %s#%s: no such anchor", c.url, c.frag)
		}
	}
	if err := b.writeSearch(); err != nil {
		return nil, err
	}
	if err := b.writePrint(); err != nil {
		return nil, err
	}
	if err := b.writeAssets(mermaidJS); err != nil {
		return nil, err
	}
	return res, nil
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// write writes one file of the site, at a slash path from its root.
func (b *builder) write(rel string, data []byte) error {
	p := filepath.Join(b.tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// isImage says whether a file is shown as it is (an img) rather than in a source view.
func isImage(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

// resolve checks one link of page p and returns where it points in the site (relative to p)
// or in print.html. keep=false means the print edition shows the link's text only.
func (b *builder) resolve(p *page, line int, dest string, image bool, m mode) (to string, keep bool) {
	if dest == "" {
		b.problem(p.src, line, "a link with no destination")
		return dest, true
	}
	u, err := url.Parse(dest)
	if err != nil {
		b.problem(p.src, line, "link %q: %v", dest, err)
		return dest, true
	}
	if u.Scheme != "" || u.Host != "" {
		return dest, true // another site: the reader's choice to follow
	}
	frag := u.Fragment
	if u.Path == "" {
		b.check(anchorCheck{p.src, line, p.url, frag})
		if m == printMode {
			return "#" + p.anchorPrefix() + frag, true
		}
		return dest, true
	}
	if strings.HasPrefix(u.Path, "/") {
		b.problem(p.src, line, "link %q: use a path relative to the page", dest)
		return dest, true
	}
	target := path.Clean(path.Join(path.Dir(p.src), u.Path))
	if target == ".." || strings.HasPrefix(target, "../") {
		b.problem(p.src, line, "link %q leaves the repository", dest)
		return dest, true
	}
	fi, err := os.Stat(filepath.Join(b.root, filepath.FromSlash(target)))
	if err != nil {
		b.problem(p.src, line, "broken link %q: %s does not exist", dest, target)
		return dest, true
	}
	var out string
	var tp *page
	switch {
	case fi.IsDir():
		readme := path.Join(target, "README.md")
		if tp = b.bySrc[readme]; tp != nil {
			out = tp.url
		} else {
			b.listings[target] = true
			out = path.Join(target, "index.html")
		}
	case b.bySrc[target] != nil:
		tp = b.bySrc[target]
		out = tp.url
	case image || isImage(target):
		b.assets[target] = true
		out = target
	default:
		b.views[target] = true
		out = target + ".html"
	}
	if frag != "" {
		b.check(anchorCheck{p.src, line, out, frag})
	}
	if m == printMode {
		switch {
		case tp != nil && frag != "":
			return "#" + tp.anchorPrefix() + frag, true
		case tp != nil:
			return "#" + tp.printID(), true
		case image:
			return out, true // print.html sits at the site's root
		}
		return "", false
	}
	to = relURL(p.url, out)
	if frag != "" {
		to += "#" + frag
	}
	return to, true
}

// checkFile reports a file named by a marker (a slash path from the repository's root) that
// does not exist, and gives it a source view.
func (b *builder) checkFile(p *page, line int, target string) {
	if _, err := os.Stat(filepath.Join(b.root, filepath.FromSlash(target))); err != nil {
		b.problem(p.src, line, "the marker names %s, which does not exist", target)
		return
	}
	b.views[target] = true
}

// relURL is the link from page `from` to `to`, both paths from the site's root.
func relURL(from, to string) string {
	fd := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fd = nil
	}
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

// rootOf is the path from a page back to the site's root: "" or "../" repeated.
func rootOf(u string) string { return strings.Repeat("../", strings.Count(u, "/")) }

// entry is a file or folder in a listing.
type entry struct {
	name, url string // url from the site's root
	dir       bool
}

// filesOf lists a folder's files and sub-folders, registering a view, page or listing for
// each.
func (b *builder) filesOf(dir string) []entry {
	seen := map[string]bool{}
	var out []entry
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	for _, f := range sortedKeys(b.tracked) {
		rest, ok := strings.CutPrefix(f, prefix)
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		full := prefix + name
		switch {
		case isDir && b.bySrc[full+"/README.md"] != nil:
			out = append(out, entry{name + "/", b.bySrc[full+"/README.md"].url, true})
		case isDir:
			b.listings[full] = true
			out = append(out, entry{name + "/", full + "/index.html", true})
		case b.bySrc[full] != nil:
			if name == "README.md" {
				continue // the page this list is on, or the folder's own page
			}
			out = append(out, entry{name, b.bySrc[full].url, false})
		case isImage(full):
			b.assets[full] = true
			out = append(out, entry{name, full, false})
		default:
			b.views[full] = true
			out = append(out, entry{name, full + ".html", false})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].dir && !out[j].dir })
	return out
}

// navLink is a link in the side bar, a breadcrumb, or previous and next.
type navLink struct {
	Title, URL string
	Current    bool
	Dir        bool
	Children   []navLink
}

// view is what the layout template is given.
type view struct {
	Lang, Title, BookTitle, Root string
	Kind                         string // page, source, search, print
	Nav                          []navLink
	Headings                     []heading
	Body                         template.HTML
	Prev, Next                   *navLink
	Files                        []navLink
	Crumbs                       []navLink
	Mermaid                      bool
}

func (b *builder) bookTitle() string { return b.pages[0].site.title }

// nav is the side bar as seen from page url here.
func (b *builder) nav(here string) []navLink {
	var out []navLink
	for _, p := range b.pages {
		l := navLink{Title: p.site.title, URL: relURL(here, p.url), Current: p.url == here}
		switch p.kind {
		case exercise:
			last := &out[len(out)-1]
			last.Children = append(last.Children, l)
			if l.Current {
				last.Dir = true // open the chapter's list
			}
			continue
		case chapter:
			l.Dir = l.Current
		}
		out = append(out, l)
	}
	return out
}

func (b *builder) writePage(p *page) error {
	v := b.newView(p.url, p.site.title, "page")
	v.Headings = p.site.headings
	v.Body = template.HTML(p.site.body)
	v.Mermaid = p.site.mermaid > 0
	i := slices.Index(b.pages, p)
	if i > 0 {
		q := b.pages[i-1]
		v.Prev = &navLink{Title: q.site.title, URL: relURL(p.url, q.url)}
	}
	if i+1 < len(b.pages) {
		q := b.pages[i+1]
		v.Next = &navLink{Title: q.site.title, URL: relURL(p.url, q.url)}
	}
	if p.kind == chapter || p.kind == exercise {
		for _, e := range b.filesOf(path.Dir(p.src)) {
			v.Files = append(v.Files, navLink{Title: e.name, URL: relURL(p.url, e.url), Dir: e.dir})
		}
	}
	return b.execute(p.url, v)
}

func (b *builder) newView(u, title, k string) *view {
	return &view{Lang: b.lang, Title: title, BookTitle: b.bookTitle(), Root: rootOf(u), Kind: k, Nav: b.nav(u)}
}

func (b *builder) execute(u string, v *view) error {
	var buf bytes.Buffer
	if err := b.tmpl.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("%s: %w", u, err)
	}
	return b.write(u, buf.Bytes())
}

// crumbs are the links to a file's folders, from the book's front page down.
func (b *builder) crumbs(here, file string) []navLink {
	out := []navLink{{Title: b.bookTitle(), URL: relURL(here, "index.html")}}
	parts := strings.Split(file, "/")
	for i := 1; i < len(parts); i++ {
		d := strings.Join(parts[:i], "/")
		l := navLink{Title: parts[i-1], Dir: true}
		if p := b.bySrc[d+"/README.md"]; p != nil {
			l.URL = relURL(here, p.url)
		} else if b.listings[d] {
			l.URL = relURL(here, d+"/index.html")
		}
		out = append(out, l)
	}
	return out
}

func (b *builder) writeListing(dir string) (string, error) {
	u := path.Join(dir, "index.html")
	v := b.newView(u, dir+"/", "listing")
	v.Crumbs = b.crumbs(u, dir+"/x")
	for _, e := range b.filesOf(dir) {
		v.Files = append(v.Files, navLink{Title: e.name, URL: relURL(u, e.url), Dir: e.dir})
	}
	b.ids[u] = map[string]bool{}
	return u, b.execute(u, v)
}

func (b *builder) writeView(file string) (string, error) {
	u := file + ".html"
	data, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(file)))
	if err != nil {
		return "", err
	}
	ids := map[string]bool{}
	v := b.newView(u, file, "source")
	v.Crumbs = b.crumbs(u, file)
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		b.assets[file] = true // not text: offer the file itself
		v.Files = []navLink{{Title: path.Base(file), URL: path.Base(file)}}
	} else {
		var buf strings.Builder
		lang := ""
		if path.Ext(file) == ".txtar" || path.Ext(file) == ".txt" {
			lang = "plaintext"
		}
		if err := highlight(&buf, string(data), lang, file, true); err != nil {
			return "", err
		}
		v.Body = template.HTML(buf.String())
		n := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			n++
		}
		for i := 1; i <= n; i++ {
			ids[fmt.Sprintf("L%d", i)] = true
		}
	}
	b.ids[u] = ids
	return u, b.execute(u, v)
}

// writeAssets writes the style sheet (with chroma's colours for light and dark), the scripts
// and Mermaid's bundle.
func (b *builder) writeAssets(mermaidJS []byte) error {
	css, err := themeFS.ReadFile("theme/style.css")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Write(css)
	buf.WriteString(chromaCSS())
	if err := b.write("assets/style.css", buf.Bytes()); err != nil {
		return err
	}
	for _, f := range []string{"site.js", "search.js"} {
		data, err := themeFS.ReadFile("theme/" + f)
		if err != nil {
			return err
		}
		if err := b.write("assets/"+f, data); err != nil {
			return err
		}
	}
	return b.write("assets/mermaid.min.js", mermaidJS)
}

// chromaStyle colours code on a light page; chromaDark on a dark one.
var (
	chromaStyle = styles.Get("github")
	chromaDark  = styles.Get("github-dark")
)

// loadUI reads the interface words of one language.
func loadUI(lang string) (map[string]string, error) {
	data, err := themeFS.ReadFile("i18n/" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("no interface words for language %q: %w", lang, err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("i18n/%s.json: %w", lang, err)
	}
	return m, nil
}

// templates parses the layout, with t for the interface words: an unknown key fails the build.
func (b *builder) templates() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		"t": func(key string) (string, error) {
			s, ok := b.ui[key]
			if !ok {
				return "", errors.New("no interface word " + key + " for language " + b.lang)
			}
			return s, nil
		},
	}).ParseFS(themeFS, "theme/*.html")
}
