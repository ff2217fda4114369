package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var all = regexp.MustCompile("")

func TestRegenRewritesOnlyMarkedBlocks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "# Title\n\n<!-- regen: echo measured; echo twice -->\n```text\nold\n```\n\n```text\nuntouched\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	require.NoError(t, regen(file, false, all))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "# Title\n\n<!-- regen: echo measured; echo twice -->\n```text\nmeasured\ntwice\n```\n\n```text\nuntouched\n```\n", string(got))
}

func TestRegenLeavesTheFileAloneWhenACommandFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo fine -->\n```text\nold\n```\n<!-- regen: exit 3 -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	assert.Error(t, regen(file, false, all))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, in, string(got))
}

func TestRegenNeedsAFence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	require.NoError(t, os.WriteFile(file, []byte("<!-- regen: echo x -->\nno fence\n"), 0o644))
	assert.ErrorContains(t, regen(file, false, all), "must be followed by a fenced code block")
}

func TestRegenMatchRerunsOnlyMatchingBlocks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	in := "<!-- regen: echo one -->\n```text\nold\n```\n<!-- regen: echo two -->\n```text\nold\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(in), 0o644))
	require.NoError(t, regen(file, false, regexp.MustCompile("two")))
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "<!-- regen: echo one -->\n```text\nold\n```\n<!-- regen: echo two -->\n```text\ntwo\n```\n", string(got))
}
