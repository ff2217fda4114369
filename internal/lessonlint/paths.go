package lessonlint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

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
