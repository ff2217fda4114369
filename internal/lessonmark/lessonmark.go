// Package lessonmark reads the markers that tie a lesson's Markdown to the code and runs that
// back it, and the fenced code blocks they introduce. It is the one parser of them: the lesson
// checks (internal/lessoncheck), the lesson lint, regen and the site all read lessons through it.
//
// A marker is a line of its own, outside any code block, directly followed by a fenced block:
//
//	<!-- golden: FILE.txtar SECTION -->
//	    the block equals (or has the shape of) that section of a golden transcript
//	<!-- regen: COMMAND # shape: FILE.txtar SECTION -->
//	    the block is COMMAND's output, rewritten by `make measure`; the shape comment, which
//	    the shell ignores, names the section that gives the block's shape
//	[embedmd]:# (FILE LANG /START/ /END/)
//	    the block is a listing that embedmd copies from FILE
//
// FILE.txtar is in the lesson folder's testdata/script unless the name has a slash, in which
// case it is a path from the lesson's folder ([Marker.Archive] and [Archive] apply the rule).
//
// Parse reports what it cannot read as an [ErrorList] of [Error]s, each naming file:line: a
// marker not followed by a fenced block, a golden or shape note without FILE.txtar SECTION, an
// unterminated block, and a marker of an unknown kind (`<!-- gloden: ... -->`), which would
// otherwise leave its block silently unchecked.
package lessonmark

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A Kind is what a marker says about its block.
type Kind string

// The kinds of marker.
const (
	Golden Kind = "golden"  // <!-- golden: FILE.txtar SECTION -->
	Regen  Kind = "regen"   // <!-- regen: COMMAND [# shape: FILE.txtar SECTION] -->
	Embed  Kind = "embedmd" // [embedmd]:# (FILE [LANG] [/START/ [/END/]])
)

func (k Kind) article() string {
	if k == Embed {
		return "an embedmd marker"
	}
	return "a " + string(k) + " marker"
}

// A Block is a fenced code block.
type Block struct {
	Lang  string // the first word of the info string ("text", "go"); "" if none
	Body  string // the lines between the fences, each ending in "\n"
	Start int    // the line of the opening fence, 1-based
	End   int    // the line of the closing fence
}

// A Marker is one marker line and the block it introduces.
type Marker struct {
	File string // the lesson's path, as given to Parse
	Line int    // 1-based
	Kind Kind
	// Args is the marker's text after "kind:" (for embedmd, inside the parentheses), trimmed.
	Args string

	// For Golden, the transcript and its section; for Regen, those of the shape note, or ""
	// if the command names no shape.
	TxtarFile, Section string
	// Command is a Regen marker's command without its shape note.
	Command string
	// Source is an Embed marker's file, as written (a path from the lesson's folder or a URL).
	Source string

	Block Block // the fenced block on the line after the marker
}

// Archive returns the path of the marker's TxtarFile, by the rule of [Archive]; "" if the
// marker names none.
func (m Marker) Archive() string {
	if m.TxtarFile == "" {
		return ""
	}
	return Archive(m.File, m.TxtarFile)
}

// Archive returns the path of the txtar file name that a marker of lesson names: a bare name is
// in testdata/script beside the lesson (the chapter's golden transcripts); a name with a slash
// is a path from the lesson's folder (testdata/measured.txtar, ../internal/...).
func Archive(lesson, name string) string {
	if strings.Contains(name, "/") {
		return filepath.Join(filepath.Dir(lesson), name)
	}
	return filepath.Join(filepath.Dir(lesson), "testdata", "script", name)
}

// A Page is a parsed lesson.
type Page struct {
	File    string
	Lines   []string // the text's lines, without their "\n"
	Blocks  []Block  // every fenced block, in order
	Markers []Marker // every marker, in order
}

// An Error is something Parse could not read, at a line of a file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// An ErrorList is every Error of one Parse, in line order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

var (
	fenceRE  = regexp.MustCompile("^\\s*(```+|~~~+)\\s*([\\w-]*)")
	markerRE = regexp.MustCompile(`^<!--\s*([a-z]+):\s*(.*?)\s*-->$`)
	embedRE  = regexp.MustCompile(`^\[embedmd\]:#\s*\((.*)\)$`)
	goldenRE = regexp.MustCompile(`^(\S+\.txtar) (\S+)$`)
	shapeRE  = regexp.MustCompile(`^(.*?)\s*# shape: (\S+\.txtar) (\S+)$`)
)

// ParseFile reads and parses the lesson at path.
func ParseFile(path string) (*Page, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses a lesson's text; file names it in errors and markers. It returns the page with
// every marker and block it could read and, if anything was wrong, an ErrorList.
func Parse(file string, data []byte) (*Page, error) {
	p := &Page{File: file, Lines: strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")}
	if n := len(p.Lines); n > 0 && p.Lines[n-1] == "" {
		p.Lines = p.Lines[:n-1] // the text's final newline ends the last line
	}
	var errs ErrorList
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &Error{file, line, fmt.Sprintf(format, args...)})
	}
	var pending *Marker // a marker whose block must open on the next line
	for i := 0; i < len(p.Lines); i++ {
		no, text := i+1, p.Lines[i]
		if pending != nil && !fenceRE.MatchString(text) {
			fail(pending.Line, "%s must be followed by a fenced code block", pending.Kind.article())
			pending = nil
		}
		if m := fenceRE.FindStringSubmatch(text); m != nil {
			b, end := Block{Lang: m[2], Start: no}, -1
			var body strings.Builder
			for j := i + 1; j < len(p.Lines); j++ {
				if isClose(p.Lines[j], m[1]) {
					end = j
					break
				}
				body.WriteString(p.Lines[j] + "\n")
			}
			if end < 0 {
				fail(no, "unterminated code block")
				pending = nil
				break
			}
			b.Body, b.End = body.String(), end+1
			p.Blocks = append(p.Blocks, b)
			if pending != nil {
				pending.Block = b
				p.Markers = append(p.Markers, *pending)
				pending = nil
			}
			i = end
			continue
		}
		trimmed := strings.TrimSpace(text)
		if m := embedRE.FindStringSubmatch(trimmed); m != nil {
			pending = &Marker{File: file, Line: no, Kind: Embed, Args: strings.TrimSpace(m[1])}
			if f := strings.Fields(pending.Args); len(f) > 0 {
				pending.Source = f[0]
			}
			continue
		}
		m := markerRE.FindStringSubmatch(trimmed)
		if m == nil {
			continue
		}
		mk := &Marker{File: file, Line: no, Kind: Kind(m[1]), Args: m[2]}
		switch mk.Kind {
		case Golden:
			g := goldenRE.FindStringSubmatch(mk.Args)
			if g == nil {
				fail(no, "a golden marker names FILE.txtar SECTION, not %q", mk.Args)
				continue
			}
			mk.TxtarFile, mk.Section = g[1], g[2]
		case Regen:
			mk.Command = mk.Args
			if s := shapeRE.FindStringSubmatch(mk.Args); s != nil {
				mk.Command, mk.TxtarFile, mk.Section = s[1], s[2], s[3]
			} else if strings.Contains(mk.Args, "# shape:") {
				fail(no, "a shape note is `# shape: FILE.txtar SECTION` at the end of the command, not %q", mk.Args)
				continue
			}
			if mk.Command == "" {
				fail(no, "a regen marker with no command")
				continue
			}
		default:
			fail(no, "unknown marker %q: the book's markers are <!-- golden: ... --> and <!-- regen: ... -->", m[1]+":")
			continue
		}
		pending = mk
	}
	if pending != nil {
		fail(pending.Line, "%s must be followed by a fenced code block", pending.Kind.article())
	}
	if len(errs) > 0 {
		return p, errs
	}
	return p, nil
}

// isClose reports whether line closes a block opened by the fence open: the same character,
// at least as many times, and nothing else.
func isClose(line, open string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= len(open) && strings.Trim(t, open[:1]) == ""
}
