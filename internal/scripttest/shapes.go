package scripttest

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/lessonmark"
)

// CheckMeasured checks every measured block of a lesson against the shape its marker names (see
// MeasuredProblems), and fails the test for each block that names none or does not have it.
func CheckMeasured(t *testing.T, lesson string) {
	t.Helper()
	for _, p := range MeasuredProblems(parseLesson(t, lesson)) {
		t.Error(p)
	}
}

// MeasuredProblems checks every measured block of a lesson (a `<!-- regen: ... -->` block)
// against its shape: each must name one with `# shape: FILE.txtar SECTION`, and the block must
// have that shape, placeholders ({{float}}, {{duration}} ...) standing for the numbers, which
// vary from run to run; the columns, units and labels around them may not. It is CheckMeasured
// for a caller that is not a test (the lesson lint).
func MeasuredProblems(page *lessonmark.Page) []*lessonmark.Error {
	var problems []*lessonmark.Error
	add := func(m lessonmark.Marker, format string, args ...any) {
		problems = append(problems, &lessonmark.Error{File: m.File, Line: m.Line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, m := range page.Markers {
		if m.Kind != lessonmark.Regen {
			continue
		}
		if m.TxtarFile == "" {
			add(m, "measured block without a shape: end its command with `# shape: FILE.txtar SECTION` and give that section the block's shape, e.g.\n%s", indent(SuggestShape(m.Block.Body)))
			continue
		}
		want, err := Section(m.Archive(), m.Section)
		if err != nil {
			add(m, "shape %s %s: %v", m.TxtarFile, m.Section, err)
			continue
		}
		if !ShapeRegexp(want).MatchString(m.Block.Body) {
			add(m, "the block does not have the shape of %s %s:\n%s--- want the shape of:\n%s", m.TxtarFile, m.Section, m.Block.Body, want)
		}
	}
	return problems
}

// SuggestShape replaces durations first, then other numbers.
var (
	durationRE = regexp.MustCompile(`\b[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s|m|h)(?:[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s))*\b`)
	numberRE   = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?`)
	paddingRE  = regexp.MustCompile(`(\{\{(?:duration|float|int)\}\}) {2,}`)
)

// SuggestShape proposes a shape for a measured block: the block with its durations and numbers
// replaced by placeholders. A number glued to a word (the 2 of BenchmarkX-2, a line number
// after a colon) becomes {{int}}, any other {{float}}, which matches whole numbers too (Go's
// benchmarks print 1234 ns/op but 12.5 ns/op). The padding after a number, whose width varies
// with the number's, becomes " {{any}}". A person should read it over: a number that is a
// label (a worker count, "4 cores") is better kept literal.
func SuggestShape(block string) string {
	s := durationRE.ReplaceAllString(block, "{{duration}}")
	s = numberRE.ReplaceAllStringFunc(s, func(n string) string { return "\x00" + n })
	var b strings.Builder
	for i, part := range strings.Split(s, "\x00") {
		if i == 0 {
			b.WriteString(part)
			continue
		}
		m := numberRE.FindStringIndex(part)
		prev := b.String()
		glued := len(prev) > 0 && strings.IndexByte("-:=", prev[len(prev)-1]) >= 0
		if glued {
			b.WriteString("{{int}}")
		} else {
			b.WriteString("{{float}}")
		}
		b.WriteString(part[m[1]:])
	}
	return paddingRE.ReplaceAllString(b.String(), "$1 {{any}}")
}

func indent(s string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		b.WriteString("\t" + sc.Text() + "\n")
	}
	return b.String()
}
