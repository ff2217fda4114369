// These tests check the shape of internal/: what its packages may import.
package internal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// module is the book's module path.
const module = "github.com/concurrency-models/book"

// chapterRE matches a chapter's packages: github.com/concurrency-models/book/chNN-topic/...
var chapterRE = regexp.MustCompile(`^` + regexp.QuoteMeta(module) + `/ch[0-9][0-9]-`)

// TestNoInternalPackageImportsAChapter holds the book's layering: internal/ is the plumbing
// and the authoring tools every chapter uses, so no package under it, tests included, may
// depend on a chapter, directly or through another package. (Only a chapter's lesson may
// teach; what two chapters share lives in internal/ or in the earlier chapter.)
// (The second benchmark harness, which measures the chapters through their exported API and
// so must import them, lives outside internal/, in .ci/crosscheck.)
func TestNoInternalPackageImportsAChapter(t *testing.T) {
	for pkg, deps := range internalDeps(t) {
		for _, d := range deps {
			assert.NotRegexp(t, chapterRE, d, "%s depends on a chapter package", pkg)
		}
	}
}

// plumbing are the packages every demo runs on. They may import one another, never an
// authoring tool (scripttest, lessonlint, lessonmark, pyparity, the commands ...), so that a
// reader's `go run` builds none of the book's checking machinery.
var plumbing = []string{"cli", "cli/early", "loadavg", "measure", "reexec", "timeline"}

func TestPlumbingImportsNoAuthoringTool(t *testing.T) {
	all := internalDeps(t)
	isPlumbing := map[string]bool{}
	for _, p := range plumbing {
		isPlumbing[module+"/internal/"+p] = true
	}
	for p := range isPlumbing {
		deps, ok := all[p]
		assert.True(t, ok, "no package %s: update the list of plumbing", p)
		for _, d := range deps {
			if strings.HasPrefix(d, module+"/") {
				assert.True(t, isPlumbing[d], "the plumbing package %s depends on %s, which is not plumbing", p, d)
			}
		}
	}
}

// internalDeps lists every package under internal/ with its dependencies, the test's imports
// included, as go list sees them.
func internalDeps(t *testing.T) map[string][]string {
	t.Helper()
	// go test caches a passing result by the files the test itself reads; go list reads them
	// in another process, so read every Go file here, or a new import would pass from the cache.
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			_, err = os.ReadFile(path)
		}
		return err
	})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "list", "-test", "-json=ImportPath,Deps", "./...")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "go list: %s", stderr.String())
	all := map[string][]string{}
	dec := json.NewDecoder(&stdout)
	for {
		var p struct {
			ImportPath string
			Deps       []string
		}
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		all[p.ImportPath] = p.Deps
	}
	require.Contains(t, all, module+"/internal/cli", "go list found only %d packages under internal/: %v", len(all), all)
	return all
}
