package site

import (
	"fmt"
	"regexp"
	"strings"
)

// marker is a lesson marker: an HTML comment alone on its line that names what checks the
// block below it, e.g. `<!-- golden: request.txtar want.txt -->` (the block is a golden
// transcript's section) or `<!-- regen: go run ./ch03-gil cpu # shape: cpu.txtar lesson.txt -->`
// (the block is a measured run that `make measure` rewrites).
type marker struct {
	name string // "golden" or "regen"
	// golden: the transcript (a path from the chapter's folder) and its section.
	file, section string
	// regen: the command that rewrites the block, without its "# shape:" comment.
	command string
}

var (
	// markerLineRE is any comment of the form `<!-- word: ... -->`: a marker, known or not.
	markerLineRE = regexp.MustCompile(`^<!--\s*([a-z][a-z-]*):\s*(.*?)\s*-->$`)
	goldenArgsRE = regexp.MustCompile(`^(\S+\.txtar) (\S+)$`)
)

// parseMarker reads one HTML comment. It returns ok=false for a comment that is no marker (a
// note such as `<!-- drawn by TestX -->`), and an error for a marker the book does not know or
// one whose arguments are malformed. It is the site's only reader of markers, kept small so
// that the book-wide marker parser can replace it.
func parseMarker(comment string) (m marker, ok bool, err error) {
	s := strings.TrimSpace(comment)
	g := markerLineRE.FindStringSubmatch(s)
	if g == nil {
		return marker{}, false, nil
	}
	switch g[1] {
	case "golden":
		a := goldenArgsRE.FindStringSubmatch(g[2])
		if a == nil {
			return marker{}, true, fmt.Errorf("golden marker %q: want <!-- golden: FILE.txtar SECTION -->", s)
		}
		file := a[1]
		if !strings.Contains(file, "/") { // a bare name is in the chapter's testdata/script
			file = "testdata/script/" + file
		}
		return marker{name: "golden", file: file, section: a[2]}, true, nil
	case "regen":
		cmd, _, _ := strings.Cut(g[2], " # shape:")
		if strings.TrimSpace(cmd) == "" {
			return marker{}, true, fmt.Errorf("regen marker %q names no command", s)
		}
		return marker{name: "regen", command: strings.TrimSpace(cmd)}, true, nil
	}
	return marker{}, true, fmt.Errorf("unknown marker %q: the book knows golden and regen", "<!-- "+g[1]+": -->")
}
