package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var all = regexp.MustCompile("")

func TestRegenRewritesOnlyMarkedBlocks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "# Title\n\n<!-- regen: echo measured; echo twice -->\n```text\nold\n```\n\n```text\nuntouched\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	require.NoError(t, regen(file, false, all, io.Discard))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "# Title\n\n<!-- regen: echo measured; echo twice -->\n```text\nmeasured\ntwice\n```\n\n```text\nuntouched\n```\n", string(got))
}

func TestRegenLeavesTheFileAloneWhenACommandFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo fine -->\n```text\nold\n```\n<!-- regen: exit 3 -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	assert.Error(t, regen(file, false, all, io.Discard))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, in, string(got))
}

// A command that fails after printing part of its output, fails inside a pipeline, or prints
// nothing leaves the whole file as it was, and regen exits 1 naming the marker's file:line.
func TestAFailedCommandKeepsTheOldBlock(t *testing.T) {
	for _, command := range []string{"echo partial; echo why >&2; exit 3", "true"} {
		file := filepath.Join(t.TempDir(), "lesson.md")
		in := "# Title\n<!-- regen: echo fine -->\n```text\nold\n```\n<!-- regen: " + command + " -->\n```text\nold\n```\n"
		require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
		var stderr bytes.Buffer
		assert.Equal(t, 1, run([]string{file}, &stderr), "the exit status for %q", command)
		assert.Contains(t, stderr.String(), "regen: "+file+":6: "+command)
		got, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Equal(t, in, string(got), "the file after %q", command)
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash: a pipeline's status is its last command's")
	}
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo partial; false | cat -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	var stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{file}, &stderr), "a failure inside a pipeline")
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, in, string(got))
}

func TestRegenNeedsAFence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	require.NoError(t, os.WriteFile(file, []byte("<!-- regen: echo x -->\nno fence\n"), 0o644))
	assert.ErrorContains(t, regen(file, false, all, io.Discard), "must be followed by a fenced code block")
}

func TestRegenMatchRerunsOnlyMatchingBlocks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo one -->\n```text\nold\n```\n<!-- regen: echo two -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	require.NoError(t, regen(file, false, regexp.MustCompile("two"), io.Discard))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "<!-- regen: echo one -->\n```text\nold\n```\n<!-- regen: echo two -->\n```text\ntwo\n```\n", string(got))
}

// Bad usage — no file, a -match that does not compile, an unknown flag — is one line and the
// usage on standard error, and exit status 2; a file that cannot be read is exit status 1.
func TestBadUsageIsExitStatus2(t *testing.T) {
	for _, args := range [][]string{{}, {"-match", "("}, {"-nosuch", "x.md"}, {"-n"}} {
		var stderr bytes.Buffer
		assert.Equalf(t, 2, run(args, &stderr), "run(%q): exit status", args)
		assert.Containsf(t, stderr.String(), "usage: go run ./internal/cmd/regen", "run(%q) printed no usage", args)
	}
	var stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"-match", "(", "x.md"}, &stderr), `run(-match "("): exit status`)
	assert.Truef(t, strings.HasPrefix(stderr.String(), "regen: -match: "), "run(-match \"(\") printed %q; want a line naming -match", stderr.String())
	stderr.Reset()
	missing := filepath.Join(t.TempDir(), "missing.md")
	assert.Equal(t, 1, run([]string{missing}, &stderr), "run(missing file): exit status")
	assert.Contains(t, stderr.String(), missing, "run(missing file): want a line naming the file")
}

// A command sees the file with the blocks above it already rewritten, so a block can check an
// earlier one, as docs/benchmarks.md's crosscheck reads the compare table above it; a later
// failure still puts the whole file back.
func TestALaterBlockSeesTheEarlierBlocksNewText(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo new -->\n```text\nold\n```\n<!-- regen: sed -n 3p " + file + " -->\n```text\nx\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	require.NoError(t, regen(file, false, all, io.Discard))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "<!-- regen: echo new -->\n```text\nnew\n```\n<!-- regen: sed -n 3p "+file+" -->\n```text\nnew\n```\n", string(got))

	in2 := in + "<!-- regen: exit 3 -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in2), 0o644))
	assert.Error(t, regen(file, false, all, io.Discard))
	got, err = os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, in2, string(got), "the file after a later block failed")
}
