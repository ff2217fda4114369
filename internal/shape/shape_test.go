package shape

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRegexp(t *testing.T) {
	re := Regexp("took {{duration}} for {{int}} tasks (x{{float}}) {{any}}!\n")
	assert.True(t, re.MatchString("took 1.5s for 3 tasks (x2.25) whatever it says!\n"))
	assert.True(t, re.MatchString("took 250ms for 10 tasks (x2) !\n"))
	assert.True(t, re.MatchString("took 1m2.5s for 10 tasks (x2) !\n"))
	assert.False(t, re.MatchString("took 1.5s for 3 tasks (x2.25) whatever it says!\nextra\n"), "the whole text must match")
	assert.False(t, re.MatchString("took soon for 3 tasks (x2.25) !\n"))
	assert.True(t, Match("a.b (c)\n", "a.b (c)\n"))
	assert.False(t, Match("a.b\n", "axb\n"), "literal text is literal")
	assert.False(t, Match("row {{any}}\nend\n", "row 1\nstray line\nend\n"),
		"{{any}} stays on its line: an extra line is not part of the shape")
	assert.True(t, Match("row {{any}}\nend\n", "row 1 2 3\nend\n"))
	lines := Regexp("first\n{{lines}}last\n")
	assert.True(t, lines.MatchString("first\nlast\n"), "{{lines}} may be no line")
	assert.True(t, lines.MatchString("first\none\ntwo\nlast\n"))
	assert.False(t, lines.MatchString("first\none\ntwo last\n"), "{{lines}} is whole lines")
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"BenchmarkPut-2 1000 512.5 ns/op 16 B/op\n", "BenchmarkPut-{{int}} {{float}} {{float}} ns/op {{float}} B/op\n"},
		{"took 1m2.5s, then 250ms and 3µs: 2.8x\n", "took {{duration}}, then {{duration}} and {{duration}}: {{float}}x\n"},
		{"1     1.5s    2.5x (at line:12)\n", "{{float}} {{any}}{{duration}} {{any}}{{float}}x (at line:{{int}})\n"},
	} {
		got := Suggest(tc.in)
		assert.Equal(t, tc.want, got, "Suggest(%q)", tc.in)
		assert.True(t, Match(got, tc.in), "Suggest(%q) = %q does not match its own input", tc.in, got)
	}
}

func TestSuggestedShapeFitsWiderNumbers(t *testing.T) {
	s := Suggest("1     1.5s    2.5x\n")
	for _, run := range []string{"10    11.5s   12.5x\n", "100   1m0.5s  3x\n"} {
		assert.True(t, Match(s, run), "the shape %q does not fit another run %q", s, run)
	}
	assert.False(t, Match(s, "10    11.5s   12.5 times\n"), "the unit x is literal")
}

func ExampleMatch() {
	want := "2 threads: {{float}}x in {{duration}}\n"
	fmt.Println(Match(want, "2 threads: 1.02x in 3.1s\n"))
	fmt.Println(Match(want, "2 threads: fast\n"))
	fmt.Print(Suggest("4 workers: 3.9x in 812ms\n"))
	// Output:
	// true
	// false
	// {{float}} workers: {{float}}x in {{duration}}
}
