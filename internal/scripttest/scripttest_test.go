package scripttest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShapeRegexp(t *testing.T) {
	re := ShapeRegexp("took {{duration}} for {{int}} tasks (x{{float}}) {{any}}!\n")
	assert.True(t, re.MatchString("took 1.5s for 3 tasks (x2.25) whatever it says!\n"))
	assert.True(t, re.MatchString("took 250ms for 10 tasks (x2) !\n"))
	assert.True(t, re.MatchString("took 1m2.5s for 10 tasks (x2) !\n"))
	assert.False(t, re.MatchString("took 1.5s for 3 tasks (x2.25) whatever it says!\nextra\n"), "the whole text must match")
	assert.False(t, re.MatchString("took soon for 3 tasks (x2.25) !\n"))
	assert.True(t, ShapeRegexp("a.b (c)\n").MatchString("a.b (c)\n"))
	assert.False(t, ShapeRegexp("a.b\n").MatchString("axb\n"), "literal text is literal")
}

func TestSuggestShape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"BenchmarkPut-2 1000 512.5 ns/op 16 B/op\n", "BenchmarkPut-{{int}} {{int}} {{float}} ns/op {{int}} B/op\n"},
		{"took 1m2.5s, then 250ms and 3µs: 2.8x\n", "took {{duration}}, then {{duration}} and {{duration}}: {{float}}x\n"},
	} {
		got := SuggestShape(tc.in)
		assert.Equal(t, tc.want, got, "SuggestShape(%q)", tc.in)
		assert.True(t, ShapeRegexp(got).MatchString(tc.in), "SuggestShape(%q) = %q does not match its own input", tc.in, got)
	}
}
