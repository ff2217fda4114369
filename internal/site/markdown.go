package site

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"strings"
	"unicode"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/mattn/go-runewidth"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/concurrency-models/book/internal/lessonmark"
)

// mode says what a page is rendered for: the site (one HTML file per page) or the print
// edition (every page in one HTML file, which Chromium prints to the PDF).
type mode int

const (
	siteMode mode = iota
	printMode
)

// heading is one entry of a page's "on this page" list.
type heading struct {
	Level int
	ID    string
	Text  string
}

// section is a stretch of a page's text under one heading: a unit of the search index.
type section struct {
	ID, Title string
	Text      strings.Builder
}

// rendered is what converting one Markdown page gives.
type rendered struct {
	body     []byte
	title    string // the text of the first level-1 heading
	headings []heading
	ids      map[string]bool
	sections []*section
	mermaid  int // Mermaid diagrams on the page
}

// render converts one page's Markdown in the given mode. Broken links and bad markers are
// reported to b (as file:line problems); the page is rendered anyway so that every problem of
// a build is found in one run.
func (b *builder) render(p *page, m mode) *rendered {
	r := &rendered{ids: map[string]bool{}}
	conv := &converter{b: b, p: p, mode: m, r: r, notes: b.markers(p)}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(conv, 100))),
		goldmark.WithRendererOptions(
			ghtml.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(conv, 100)),
		),
	)
	var buf bytes.Buffer
	if err := md.Convert(p.data, &buf); err != nil {
		b.problem(p.src, 1, "%v", err)
	}
	// Wide tables scroll inside themselves, not the page.
	out := bytes.ReplaceAll(buf.Bytes(), []byte("<table>"), []byte(`<div class="table-wrap"><table>`))
	r.body = bytes.ReplaceAll(out, []byte("</table>"), []byte("</table></div>"))
	return r
}

// converter is the book's part of goldmark: an AST transformer that gives headings GitHub's
// anchors, reads the markers and rewrites links, and a renderer for code blocks.
type converter struct {
	b    *builder
	p    *page
	mode mode
	r    *rendered
	src  []byte
	// notes maps the line of a code block's opening fence to the marker above it.
	notes map[int]lessonmark.Marker
	// unwrap holds the links the print edition keeps only the text of; they are replaced
	// after the walk, which must not see the tree change under it.
	unwrap []*ast.Link
}

// lineOf is the 1-based line of a byte offset in the page.
func (c *converter) lineOf(off int) int {
	if off < 0 {
		return 1
	}
	return bytes.Count(c.src[:min(off, len(c.src))], []byte("\n")) + 1
}

// nodeLine finds a node's line: its own position, or the first line of the nearest block.
func (c *converter) nodeLine(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return c.lineOf(n.Lines().At(0).Start)
		}
		if p := n.Pos(); p >= 0 {
			return c.lineOf(p)
		}
	}
	return 1
}

// fenceLine is the line of a fenced code block's opening fence.
func (c *converter) fenceLine(fb *ast.FencedCodeBlock) int {
	if fb.Lines().Len() > 0 {
		return c.lineOf(fb.Lines().At(0).Start) - 1
	}
	if fb.Info != nil {
		return c.lineOf(fb.Info.Segment.Start)
	}
	return -1
}

// Transform implements parser.ASTTransformer.
func (c *converter) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	c.src = reader.Source()
	slug := newSlugger()
	var remove []ast.Node
	var cur *section
	newSection := func(id, title string) {
		cur = &section{ID: id, Title: title}
		c.r.sections = append(c.r.sections, cur)
	}
	newSection("", "")
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t := plainText(n, c.src)
			id := slug.slug(t)
			if c.mode == printMode {
				n.SetAttributeString("id", []byte(c.p.anchorPrefix()+id))
			} else {
				n.SetAttributeString("id", []byte(id))
			}
			c.r.ids[id] = true
			if n.Level == 1 && c.r.title == "" {
				c.r.title = t
			}
			if n.Level == 2 || n.Level == 3 {
				c.r.headings = append(c.r.headings, heading{n.Level, id, t})
			}
			newSection(id, t)
		case *ast.HTMLBlock:
			var s strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				s.Write(seg.Value(c.src))
			}
			if n.HasClosure() {
				s.Write(n.ClosureLine.Value(c.src))
			}
			if !strings.HasPrefix(strings.TrimSpace(s.String()), "<!--") {
				return ast.WalkSkipChildren, nil
			}
			// A comment is for authors; a marker among them was read by b.markers.
			remove = append(remove, n) // comments are for authors
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			if string(n.Language(c.src)) == "mermaid" {
				c.r.mermaid++
			}
			cur.Text.WriteString(" ")
			cur.Text.Write(blockText(n, c.src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			cur.Text.WriteString(" ")
			cur.Text.Write(blockText(n, c.src))
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			c.link(n, false)
		case *ast.Image:
			c.link(n, true)
		case *ast.Text:
			cur.Text.Write(n.Value(c.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				cur.Text.WriteString(" ")
			}
		case *ast.String:
			cur.Text.Write(n.Value)
		case *ast.Paragraph, *ast.ListItem, *east.TableCell:
			cur.Text.WriteString(" ")
		}
		return ast.WalkContinue, nil
	})
	for _, n := range remove {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range c.unwrap {
		parent := n.Parent()
		for ch := n.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			parent.InsertBefore(parent, n, ch)
			ch = next
		}
		parent.RemoveChild(parent, n)
	}
}

// link rewrites one link or image destination for the site or the print edition.
func (c *converter) link(n ast.Node, image bool) {
	var dest []byte
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest = n.Destination
	}
	line := c.nodeLine(n)
	to, keep := c.b.resolve(c.p, line, string(dest), image, c.mode)
	switch n := n.(type) {
	case *ast.Link:
		if !keep { // the print edition has no page for code: keep the link's text only
			c.unwrap = append(c.unwrap, n)
			return
		}
		n.Destination = []byte(to)
	case *ast.Image:
		n.Destination = []byte(to)
	}
}

// plainText is the text of an inline container: what a heading's anchor is made from.
func plainText(n ast.Node, src []byte) string {
	var s strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			s.Write(n.Value(src))
		case *ast.String:
			s.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	return s.String()
}

// blockText is the content of a code block.
func blockText(n ast.Node, src []byte) []byte {
	var s bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		s.Write(seg.Value(src))
	}
	return s.Bytes()
}

// slugger makes heading anchors the way GitHub does, so that the links the lessons write for
// GitHub (`README.md#timesleep-is-a-blocking-call-too`) work on the site: lower case, spaces to
// hyphens, every other character but letters, digits, `_` and `-` dropped, and a repeated
// anchor numbered -1, -2 ...
type slugger map[string]int

func newSlugger() slugger { return slugger{} }

func (s slugger) slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	base := b.String()
	n := s[base]
	s[base] = n + 1
	if n == 0 {
		return base
	}
	return fmt.Sprintf("%s-%d", base, n)
}

// RegisterFuncs implements renderer.NodeRenderer: the book draws fenced code blocks itself.
func (c *converter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, c.renderFenced)
}

func (c *converter) renderFenced(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	fb := n.(*ast.FencedCodeBlock)
	lang := string(fb.Language(src))
	code := string(blockText(fb, src))
	if lang == "mermaid" {
		fmt.Fprintf(w, "<div class=\"diagram\"><pre class=\"mermaid\">%s</pre></div>\n", html.EscapeString(code))
		return ast.WalkSkipChildren, nil
	}
	if m, ok := c.notes[c.fenceLine(fb)]; ok {
		c.b.writeNote(w, c.p, c.mode, m)
	}
	cls := "code"
	if lang == "" || lang == "text" {
		cls += " output" // program output and timeline pictures: plain monospace text
	}
	// The block's widest line, in columns, lets print set a long block small enough to fit.
	fmt.Fprintf(w, "<div class=\"%s\" style=\"--cols: %d\">", cls, columns(code))
	if err := highlight(w, code, lang, "", false); err != nil {
		return ast.WalkStop, err
	}
	w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// highlight writes code as HTML with chroma's classes. lang names the lexer, or else
// filename picks it; lines numbers the lines with linkable anchors L1, L2 ...
func highlight(w interface{ WriteString(string) (int, error) }, code, lang, filename string, lines bool) error {
	var lx chroma.Lexer
	if lang != "" {
		lx = lexers.Get(lang)
	} else if filename != "" {
		lx = lexers.Match(path.Base(filename))
	}
	if lx == nil {
		lx = lexers.Get("plaintext")
	}
	lx = chroma.Coalesce(lx)
	it, err := lx.Tokenise(nil, code)
	if err != nil {
		return err
	}
	opts := []chromahtml.Option{chromahtml.WithClasses(true)}
	if lines {
		opts = append(opts, chromahtml.WithLineNumbers(true), chromahtml.WithLinkableLineNumbers(true, "L"), chromahtml.LineNumbersInTable(true))
	}
	var buf bytes.Buffer
	if err := chromahtml.New(opts...).Format(&buf, chromaStyle, it); err != nil {
		return err
	}
	_, err = w.WriteString(buf.String())
	return err
}

// columns is how many columns the widest line of code takes in monospace: a tab runs to the
// next multiple of 4 (the style sheet's tab-size), a wide character takes two.
func columns(code string) int {
	widest := 0
	for line := range strings.Lines(code) {
		col := 0
		for _, r := range strings.TrimRight(line, "\r\n") {
			if r == '\t' {
				col += 4 - col%4
				continue
			}
			col += runewidth.RuneWidth(r)
		}
		widest = max(widest, col)
	}
	return widest
}
