package lessonlint

import (
	"fmt"
	"regexp"
)

// seedRE finds the word the book's drafts used for the source articles and their programs;
// readers do not know it (a path with it in is reported as a path).
var seedRE = regexp.MustCompile(`(?i)\bseeds?\b`)

// words checks a line (outside Go code) for words the reader does not know.
func words(ln line) string {
	if ln.lang == "go" {
		return ""
	}
	if m := seedRE.FindString(pathTokenRE.ReplaceAllString(ln.text, " ")); m != "" {
		return fmt.Sprintf("%q: name the thing for what it is (the source program, the source articles: docs/sources.md)", m)
	}
	return ""
}
