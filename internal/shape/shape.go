// Package shape matches a program's output against an expected text in which placeholders
// stand for what varies from run to run (durations, counts, speed-ups), while everything else —
// the columns, units, labels and line breaks — must match byte for byte. Golden transcripts
// (cmpshape in the scripts), the lessons' measured blocks and the Python parity tests all use
// it. The placeholders:
//
//	{{duration}}  a Go duration such as 1.5s, 250ms or 1m2.5s
//	{{int}}       an integer, maybe negative
//	{{float}}     a decimal number, whole numbers included
//	{{any}}       the rest of a line up to the next literal text, never a line break
//	{{lines}}     alone at the start of a line: any number of whole lines, none included
package shape

import (
	"regexp"
	"strings"
)

var placeholders = map[string]string{
	"{{duration}}": `(?:[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s|m|h))+`,
	"{{int}}":      `-?[0-9]+`,
	"{{float}}":    `-?[0-9]+(?:\.[0-9]+)?`,
	"{{any}}":      `[^\n]*?`, // never more than the rest of its line
	"{{lines}}":    `(?:[^\n]*\n)*?`,
}

var placeholderRE = regexp.MustCompile(`\{\{(?:duration|int|float|any|lines)\}\}`)

// Regexp turns an expected text with placeholders into a regexp that matches the whole text.
func Regexp(want string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(want, -1) {
		b.WriteString(regexp.QuoteMeta(want[last:loc[0]]))
		b.WriteString(placeholders[want[loc[0]:loc[1]]])
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(want[last:]))
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

// Match reports whether got has the shape want.
func Match(want, got string) bool { return Regexp(want).MatchString(got) }

// Durations first, then other numbers.
var (
	durationRE = regexp.MustCompile(`\b[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s|m|h)(?:[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s))*\b`)
	numberRE   = regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?`)
	paddingRE  = regexp.MustCompile(`(\{\{(?:duration|float|int)\}\}) {2,}`)
)

// Suggest proposes a shape for a run's output: the text with its durations and numbers
// replaced by placeholders. A number glued to a word (the 2 of BenchmarkX-2, a line number
// after a colon) becomes {{int}}, any other {{float}}, which matches whole numbers too (Go's
// benchmarks print 1234 ns/op but 12.5 ns/op). The padding after a number, whose width varies
// with the number's, becomes " {{any}}". A person should read it over: a number that is a
// label (a worker count, "4 cores") is better kept literal.
func Suggest(output string) string {
	s := durationRE.ReplaceAllString(output, "{{duration}}")
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
