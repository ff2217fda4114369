package lessonlint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

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

func (l *Linter) checkGo(tok, rel string, lineNo int) string {
	if msg, ok := l.checkFile(tok, filepath.Join(l.GOROOT, "src", rel), lineNo); ok {
		if msg != "" {
			return msg + " in $(go env GOROOT)/src of the installed Go"
		}
		return ""
	}
	return fmt.Sprintf("%s: no such file or directory in $(go env GOROOT)/src of the installed Go", tok)
}
