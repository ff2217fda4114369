package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/concurrency-models/book/internal/site"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// book writes a one-page book whose lesson links to a file that does not exist.
func book(t *testing.T, lesson string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"README.md":           "# Book\n\n[Chapter 1](ch01-x/)\n",
		"ch01-x/README.md":    lesson,
		site.MermaidBundle:    "/* stand-in */\n",
		"ch01-x/main.go":      "package main\n",
		"docs/glossary.md":    "# Glossary\n",
		"ch01-x/testdata/a.x": "x\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return root
}

func TestExitStatus(t *testing.T) {
	good := book(t, "# Chapter 1\n\nSee [main.go](main.go).\n")
	bad := book(t, "# Chapter 1\n\nSee [main.go](main.go)\nand [this](nosuch.go).\n")
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-root", good, "-out", filepath.Join(good, "_site")}, 0, ""},
		{[]string{"-root", bad, "-out", filepath.Join(bad, "_site")}, 1, `ch01-x/README.md:4: broken link "nosuch.go": ch01-x/nosuch.go does not exist`},
		{[]string{"-port", "0"}, 2, "-port 0: want 1 to 65535"},
		{[]string{"-nosuch"}, 2, "flag provided but not defined: -nosuch"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
	} {
		var stdout, stderr bytes.Buffer
		code := run(c.args, &stdout, &stderr)
		assert.Equalf(t, c.code, code, "site %q: exit status; stderr:\n%s", c.args, stderr.String())
		assert.Containsf(t, stderr.String(), c.stderr, "site %q: stderr", c.args)
		if code == 2 {
			assert.Containsf(t, stderr.String(), "usage: site", "site %q: no usage on stderr", c.args)
		}
	}
	_, err := os.Stat(filepath.Join(good, "_site", "ch01-x", "main.go.html"))
	assert.NoError(t, err, "the good book's site")
	_, err = os.Stat(filepath.Join(bad, "_site"))
	assert.Error(t, err, "the bad book left a site behind")
}
