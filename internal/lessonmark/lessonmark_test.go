package lessonmark

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	lesson := "Intro with an inline `<!-- regen: COMMAND -->` marker, which is prose.\n" + // 1
		"\n" + // 2
		"<!-- regen: echo 1 -->\n" + // 3
		"```text\n" + // 4
		"1\n" + // 5
		"```\n" + // 6
		"````markdown\n" + // 7
		"<!-- golden: shown.txtar inside-a-block -->\n" + // 8
		"```text\n" + // 9
		"```\n" + // 10
		"````\n" + // 11
		"[embedmd]:# (thread.go go /func spin/ /^}/)\n" + // 12
		"```go\n" + // 13
		"func spin() {\n" + // 14
		"}\n" + // 15
		"```\n" + // 16
		"<!-- golden: ../other/testdata/x.txtar want.txt -->\n" + // 17
		"~~~\n" + // 18
		"~~~\n" + // 19
		"<!-- drawn by a test: an ordinary comment -->\n" // 20
	p, err := Parse("ch09-x/README.md", []byte(lesson))
	require.NoError(t, err)
	want := []Marker{
		{File: "ch09-x/README.md", Line: 3, Kind: Regen, Args: "echo 1", Command: "echo 1",
			Block: Block{Lang: "text", Body: "1\n", Start: 4, End: 6}},
		{File: "ch09-x/README.md", Line: 12, Kind: Embed, Args: "thread.go go /func spin/ /^}/", Source: "thread.go",
			Block: Block{Lang: "go", Body: "func spin() {\n}\n", Start: 13, End: 16}},
		{File: "ch09-x/README.md", Line: 17, Kind: Golden, Args: "../other/testdata/x.txtar want.txt",
			TxtarFile: "../other/testdata/x.txtar", Section: "want.txt",
			Block: Block{Start: 18, End: 19}},
	}
	if d := cmp.Diff(want, p.Markers); d != "" {
		t.Errorf("markers (-want +got):\n%s", d)
	}
	assert.Len(t, p.Blocks, 4, "the markdown block counts once: its inner fences are its text")
	assert.Equal(t, "<!-- golden: shown.txtar inside-a-block -->\n```text\n```\n", p.Blocks[1].Body)
	assert.Equal(t, "ch09-x/testdata/script/a.txtar", Archive("ch09-x/README.md", "a.txtar"))
	assert.Equal(t, "ch09-x/testdata/a.txtar", Archive("ch09-x/README.md", "testdata/a.txtar"))
	assert.Equal(t, "other/testdata/x.txtar", p.Markers[2].Archive())
	assert.Empty(t, p.Markers[0].Archive(), "a regen marker without a shape names no archive")
}

func TestParseShape(t *testing.T) {
	p, err := Parse("a/README.md", []byte("<!-- regen: go test -bench . | sed 's/#/x/' # shape: testdata/m.txtar bench.txt -->\n```\n```\n"))
	require.NoError(t, err)
	require.Len(t, p.Markers, 1)
	m := p.Markers[0]
	assert.Equal(t, "go test -bench . | sed 's/#/x/'", m.Command)
	assert.Equal(t, "a/testdata/m.txtar", m.Archive())
	assert.Equal(t, "bench.txt", m.Section)
}

// Every malformed marker is an error naming its file and line; the markers around it are still
// read.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"no fence", "x\n<!-- regen: echo 1 -->\nprose\n", 2, "a regen marker must be followed by a fenced code block"},
		{"blank line", "<!-- golden: a.txtar b -->\n\n```\n```\n", 1, "a golden marker must be followed by a fenced code block"},
		{"at the end", "\n\n[embedmd]:# (a.go)\n", 3, "an embedmd marker must be followed"},
		{"unterminated", "<!-- golden: a.txtar b -->\n```text\nout\n", 2, "unterminated code block"},
		{"unknown kind", "<!-- gloden: a.txtar b -->\n```\n```\n", 1, `unknown marker "gloden:"`},
		{"golden args", "<!-- golden: a.txt b -->\n```\n```\n", 1, "names FILE.txtar SECTION"},
		{"golden one arg", "<!-- golden: a.txtar -->\n```\n```\n", 1, "names FILE.txtar SECTION"},
		{"bad shape", "<!-- regen: echo # shape: a.txtar -->\n```\n```\n", 1, "a shape note is"},
		{"no command", "<!-- regen: # shape: a.txtar b -->\n```\n```\n", 1, "no command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.text
			if tc.name != "unterminated" && tc.name != "at the end" {
				text += "<!-- regen: echo ok -->\n```\nok\n```\n"
			}
			p, err := Parse("l.md", []byte(text))
			var list ErrorList
			require.True(t, errors.As(err, &list), "Parse(%q) = %v, want an ErrorList", text, err)
			require.Len(t, list, 1)
			assert.Equal(t, tc.line, list[0].Line)
			assert.Contains(t, list[0].Error(), "l.md:")
			assert.Contains(t, list[0].Msg, tc.msg)
			if tc.name != "unterminated" && tc.name != "at the end" {
				require.NotEmpty(t, p.Markers)
				assert.Equal(t, "echo ok", p.Markers[len(p.Markers)-1].Command, "the good marker after the bad one is read")
			}
		})
	}
}

func TestLinesDropOnlyTheFinalNewline(t *testing.T) {
	p, err := Parse("l.md", []byte("a\r\n\nb\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "", "b"}, p.Lines)
}
