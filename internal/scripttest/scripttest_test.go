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
