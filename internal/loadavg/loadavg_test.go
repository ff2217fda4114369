package loadavg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		load float64
		ok   bool
	}{
		{"0.52 0.58 0.59 1/467 12345\n", 0.52, true},
		{"12.00 3.10 1.00 9/500 1", 12, true},
		{"", 0, false},
		{"busy 1 1 1/1 1", 0, false},
		{"-1 0 0 1/1 1", 0, false},
	} {
		load, ok := parse(tc.in)
		assert.Equal(t, tc.load, load, "parse(%q)", tc.in)
		assert.Equal(t, tc.ok, ok, "parse(%q) ok", tc.in)
	}
}

func TestWarning(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	quiet, busy := write("quiet", "0.10 0.10 0.10 1/100 1\n"), write("busy", "4.50 1.00 1.00 5/100 1\n")
	for _, tc := range []struct {
		file  string
		cores int
		want  string
	}{
		{quiet, 2, ""},
		{busy, 8, ""},
		{busy, 2, "warning: load average 4.50 on 2 cores: "},
		{filepath.Join(dir, "missing"), 2, ""},
	} {
		t.Setenv(EnvFile, tc.file)
		got := Warning(tc.cores)
		if tc.want == "" {
			assert.Empty(t, got, "Warning(%d) with %s", tc.cores, filepath.Base(tc.file))
		} else {
			assert.True(t, strings.HasPrefix(got, tc.want), "Warning(%d) with %s = %q, want a line starting %q", tc.cores, filepath.Base(tc.file), got, tc.want)
		}
	}
}

func TestAverages(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ content, want string }{
		"three and more": {"0.52 0.58 0.59 1/467 12345\n", "0.52 0.58 0.59"},
		"too few":        {"0.52\n", "unknown"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		require.NoError(t, os.WriteFile(p, []byte(tc.content), 0o644))
		t.Setenv(EnvFile, p)
		assert.Equal(t, tc.want, Averages(), name)
	}
	t.Setenv(EnvFile, filepath.Join(dir, "missing"))
	assert.Equal(t, "unknown", Averages(), "missing file")
}

func TestStripWarning(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "busy")
	require.NoError(t, os.WriteFile(p, []byte("4.50 1.00 1.00 5/100 1\n"), 0o644))
	t.Setenv(EnvFile, p)
	out := "title\n" + Warning(2) + "\nrow 1\nrow 2\n"
	assert.Equal(t, "title\nrow 1\nrow 2\n", StripWarning(out), "StripWarning(%q)", out)
}
