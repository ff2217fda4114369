package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The words under the lesson's Python-versus-Go start costs ("hundreds of times", "the same
// order of magnitude", "several times") must say what the measured rows above them say, in
// every round: each claim holds the row's ratio range (its lowest and highest round) to the
// span its words mean. `make compare` rewrites the rows; if a rerun moves a ratio out of its
// span, this fails and the words must change with it.
func TestLessonStartCostWords(t *testing.T) {
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	lesson := strings.Join(strings.Fields(string(data)), " ")
	for _, c := range []struct {
		row    string  // the compare row's figure
		words  string  // what the prose says of it
		lo, hi float64 // the ratios (Python / Go) those words allow
	}{
		{"start+join: thread / OS thread", "so it costs more than Go's locked OS thread", 1, 10},
		{"start+join: thread / goroutine", "and hundreds of times a goroutine", 100, 1000},
		{"process start: fork / re-exec", "costs the same order of magnitude as the book's re-executed Go program", 0.1, 10},
		{"process start: spawn / re-exec", "it imports a fresh interpreter and costs several times as much", 2, 20},
	} {
		assert.True(t, strings.Contains(lesson, c.words), "README.md does not say %q of %q", c.words, c.row)
		lo, hi := ratioRange(t, string(data), c.row)
		assert.True(t, lo >= c.lo && hi < c.hi, "%q: ratios %.3gx to %.3gx, but the lesson says %q (%gx to %gx)", c.row, lo, hi, c.words, c.lo, c.hi)
	}
}

// ratioRange reads the lowest and highest round's ratio of a compare row that the lesson shows:
// "figure  Python  Go  ratio  LOWx to HIGHx  ...".
func ratioRange(t *testing.T, lesson, figure string) (lo, hi float64) {
	t.Helper()
	for line := range strings.Lines(lesson) {
		rest, ok := strings.CutPrefix(line, figure+" ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		require.GreaterOrEqual(t, len(f), 6, "the row %q", line)
		require.Equal(t, "to", f[4], "the row %q: no ratio range", line)
		parse := func(s string) float64 {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
			require.NoError(t, err, "the row %q", line)
			return v
		}
		return parse(f[3]), parse(f[5])
	}
	require.Failf(t, "no row", "the lesson shows no compare row %q", figure)
	return 0, 0
}
