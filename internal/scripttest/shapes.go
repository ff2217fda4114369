package scripttest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// measuredMarkerRE and shapeCommentRE read a measured block's marker and the shape it names,
// with the same patterns as CheckMeasured (measured.go):
//
//	<!-- regen: go run ./ch03-gil cpu # shape: cpu.txtar lesson.txt -->
//
// A bare file name is in testdata/script; a name with a slash is a path from the chapter's
// folder (testdata/measured.txtar, say, for shapes that no script runs).
var (
	measuredMarkerRE = regexp.MustCompile(`^<!-- regen: (.*) -->$`)
	shapeCommentRE   = regexp.MustCompile(` # shape: (\S+\.txtar) (\S+)$`)
)

// A Problem is something wrong with a lesson block, at a line of the lesson (1-based).
type Problem struct {
	Line int
	Msg  string
}

// MeasuredProblems is CheckMeasured for a caller that is not a test (the lesson lint): it checks
// every measured block of a lesson (a `<!-- regen: ... -->` block) against its shape: each must name one with `# shape: FILE.txtar SECTION`, and the block must
// have that shape, placeholders ({{float}}, {{duration}} ...) standing for the numbers, which
// vary from run to run; the columns, units and labels around them may not. It returns the
// problems found and how many blocks it checked; err is for a lesson it cannot read.
func MeasuredProblems(lesson string) (problems []Problem, checked int, err error) {
	data, err := os.ReadFile(lesson)
	if err != nil {
		return nil, 0, err
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		m := measuredMarkerRE.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		at := i + 1
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			problems = append(problems, Problem{at, "a regen marker must be followed by a fenced code block"})
			continue
		}
		end := i + 2
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		if end >= len(lines) {
			problems = append(problems, Problem{at, "unterminated code block"})
			break
		}
		var block strings.Builder
		for _, l := range lines[i+2 : end] {
			block.WriteString(l + "\n")
		}
		i = end
		s := shapeCommentRE.FindStringSubmatch(m[1])
		if s == nil {
			problems = append(problems, Problem{at, fmt.Sprintf("measured block without a shape: end its command with `# shape: FILE.txtar SECTION` and give that section the block's shape, e.g.\n%s", indent(SuggestShape(block.String())))})
			continue
		}
		archive := filepath.Join(filepath.Dir(lesson), "testdata", "script", s[1])
		if strings.Contains(s[1], "/") {
			archive = filepath.Join(filepath.Dir(lesson), s[1])
		}
		want, err := Section(archive, s[2])
		if err != nil {
			problems = append(problems, Problem{at, fmt.Sprintf("shape %s %s: %v", s[1], s[2], err)})
			continue
		}
		checked++
		if !ShapeRegexp(want).MatchString(block.String()) {
			problems = append(problems, Problem{at, fmt.Sprintf("the block does not have the shape of %s %s:\n%s--- want the shape of:\n%s", s[1], s[2], block.String(), want)})
		}
	}
	return problems, checked, nil
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
