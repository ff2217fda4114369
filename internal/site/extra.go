package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"path"
	"path/filepath"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark/util"

	"github.com/concurrency-models/book/internal/lessonmark"
)

// markers reads a page's markers with the book's one parser of them (package lessonmark),
// reports what it cannot read and the files the markers name that do not exist, and returns
// the markers by the line of the fence that opens their block.
func (b *builder) markers(p *page) map[int]lessonmark.Marker {
	pg, err := lessonmark.Parse(p.src, p.data)
	var list lessonmark.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			b.problem(p.src, e.Line, "%s", e.Msg)
		}
	} else if err != nil {
		b.problem(p.src, 1, "%v", err)
	}
	out := map[int]lessonmark.Marker{}
	if pg == nil {
		return out
	}
	for _, m := range pg.Markers {
		if f := noteFile(m); f != "" {
			b.checkFile(p, m.Line, f)
		}
		out[m.Block.Start] = m
	}
	return out
}

// noteFile is the file a marker's note links to, as a slash path from the repository's root:
// a golden transcript, or the file a listing is copied from; "" for none.
func noteFile(m lessonmark.Marker) string {
	switch m.Kind {
	case lessonmark.Golden:
		return filepath.ToSlash(m.Archive())
	case lessonmark.Embed:
		if m.Source != "" && !strings.Contains(m.Source, "://") { // a URL is another site's
			return path.Join(path.Dir(filepath.ToSlash(m.File)), m.Source)
		}
	}
	return ""
}

// writeNote writes the line above a checked block: which golden transcript it is compared
// with, which command measured it, or which file a listing is copied from. The sentence comes
// from the language's table, with {file}, {section} and {command} filled in.
func (b *builder) writeNote(w util.BufWriter, p *page, m mode, mk lessonmark.Marker) {
	key := map[lessonmark.Kind]string{lessonmark.Golden: "note_golden", lessonmark.Regen: "note_regen", lessonmark.Embed: "note_listing"}[mk.Kind]
	if key == "" {
		return
	}
	file := ""
	if target := noteFile(mk); target != "" {
		rel, _ := filepath.Rel(path.Dir(p.src), target)
		file = "<code>" + html.EscapeString(filepath.ToSlash(rel)) + "</code>"
		if m == siteMode {
			file = `<a href="` + html.EscapeString(relURL(p.url, target+".html")) + `">` + file + `</a>`
		}
	}
	r := strings.NewReplacer("{file}", file,
		"{section}", "<code>"+html.EscapeString(mk.Section)+"</code>",
		"{command}", "<code>"+html.EscapeString(mk.Command)+"</code>")
	w.WriteString(`<p class="block-note">` + r.Replace(html.EscapeString(b.ui[key])) + "</p>\n")
}

// searchEntry is one section of a page in the search index.
type searchEntry struct {
	Page    string `json:"p"`
	Section string `json:"s"`
	URL     string `json:"u"`
	Text    string `json:"x"`
}

// writeSearch writes the search page and its index. The index is a script that sets a global,
// not a JSON file the page fetches: a browser refuses fetch() on file:// pages, and the site
// must work opened straight from the disk.
func (b *builder) writeSearch() error {
	var idx []searchEntry
	for _, p := range b.pages {
		for _, s := range p.site.sections {
			t := strings.Join(strings.Fields(s.Text.String()), " ")
			if t == "" && s.Title == "" {
				continue
			}
			u := p.url
			if s.ID != "" {
				u += "#" + s.ID
			}
			idx = append(idx, searchEntry{Page: p.site.title, Section: s.Title, URL: u, Text: t})
		}
	}
	data, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	var js bytes.Buffer
	js.WriteString("window.BOOK_SEARCH_INDEX = ")
	js.Write(data)
	js.WriteString(";\n")
	if err := b.write("assets/search-index.js", js.Bytes()); err != nil {
		return err
	}
	v := b.newView(SearchPage, b.ui["search"], "search")
	b.ids[SearchPage] = map[string]bool{}
	return b.execute(SearchPage, v)
}

// part is one chapter of the print edition, or the front matter, or the appendix.
type part struct {
	ID, Title string
	Pages     []printPage
}

type printPage struct {
	ID, Title string
	Lesson    bool // a chapter's lesson: the contents list its sections under the part
	Headings  []heading
	Prefix    string
	Body      template.HTML
}

// writePrint writes print.html: the whole book in one page, a part per chapter (its lesson,
// then its exercises), the front page before them and docs/ after them, with contents.
func (b *builder) writePrint() error {
	var parts []part
	for _, p := range b.pages {
		pp := printPage{ID: p.printID(), Title: p.site.title, Lesson: p.kind == chapter, Headings: p.site.headings, Prefix: p.anchorPrefix(), Body: template.HTML(p.print.body)}
		switch {
		case p.kind == home:
			parts = append(parts, part{ID: "part-front", Title: b.ui["front_matter"]})
		case p.kind == chapter:
			parts = append(parts, part{ID: "part-" + p.printID(), Title: p.site.title})
		case p.kind == doc && parts[len(parts)-1].ID != "part-docs":
			parts = append(parts, part{ID: "part-docs", Title: b.ui["appendix"]})
		}
		last := &parts[len(parts)-1]
		last.Pages = append(last.Pages, pp)
	}
	var buf bytes.Buffer
	err := b.tmpl.ExecuteTemplate(&buf, "print.html", map[string]any{
		"Lang": b.lang, "BookTitle": b.bookTitle(), "Parts": parts, "Root": "",
	})
	if err != nil {
		return err
	}
	b.ids[PrintPage] = map[string]bool{}
	return b.write(PrintPage, buf.Bytes())
}

// chromaCSS is chroma's colours for code: the light style, then the dark one under
// html[data-theme=dark] (set by the toggle or, by default, by prefers-color-scheme).
func chromaCSS() string {
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithCSSComments(false))
	var light, dark bytes.Buffer
	_ = f.WriteCSS(&light, chromaStyle)
	_ = f.WriteCSS(&dark, chromaDark)
	var out strings.Builder
	out.WriteString("\n/* code colours (chroma: github, github-dark) */\n")
	out.WriteString(light.String())
	// The dark style does not colour every token the light one does: start from the text's
	// colour, or light colours would stay, dark on dark.
	out.WriteString(`html[data-theme="dark"] .chroma span { color: inherit; background-color: transparent; }` + "\n")
	for _, line := range strings.Split(dark.String(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out.WriteString(`html[data-theme="dark"] ` + line + "\n")
		}
	}
	return out.String()
}
