package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDiagramsInChromium draws every Mermaid diagram of the book's pages in headless Chromium,
// on a wide screen and on a phone, and fails on any text that runs out of its note, actor or
// node, or out of the diagram (factsJS's spills); it saves a screenshot of each diagram, drawn
// wide, as diagram-PAGE-N.png, for a person to look at. TestSiteInChromium makes the same check
// over the whole site; this one takes a minute, so a diagram can be mended and checked quickly:
// SITE_BROWSER=1 go test -run TestDiagramsInChromium ./internal/site
func TestDiagramsInChromium(t *testing.T) {
	res, base, tab := browse(t, "the diagrams' browser test")
	pages := slices.Concat(res.Pages, []string{PrintPage})
	for _, width := range []int64{1280, 375} {
		drawn := 0
		for _, p := range pages {
			ctx, cancel := context.WithTimeout(tab, time.Minute)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+p))
			if err == nil {
				err = waitDiagrams(ctx, 30*time.Second)
			}
			var f pageFacts
			if err == nil {
				f, err = chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
			}
			cancel()
			require.NoErrorf(t, err, "%s at %d px", p, width)
			for _, s := range f.Spills {
				t.Errorf("%s at %d px: %s", p, width, s)
			}
			if p == PrintPage {
				continue
			}
			drawn += f.SVGs
			if width == 1280 {
				name := strings.NewReplacer("/", "-", ".html", "").Replace(p)
				for k := range f.Mermaid {
					shootDiagram(t, tab, k, fmt.Sprintf("diagram-%s-%d.png", name, k+1))
				}
			}
		}
		assert.NotZerof(t, drawn, "at %d px, diagrams drawn", width)
		assert.Equalf(t, res.Mermaid, drawn, "at %d px, diagrams drawn against the Markdown's", width)
	}
}

// TestPrintInChromium lays print.html, the whole book, out for print at an A4 page's width and
// fails on what printJS finds: anything cut off at the page's edge, and any code line that
// wraps. TestSiteInChromium makes the same check before it prints the PDF; this one takes a
// minute: SITE_BROWSER=1 go test -run TestPrintInChromium ./internal/site
func TestPrintInChromium(t *testing.T) {
	_, base, tab := browse(t, "the print browser test")
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	err := chromedp.Do(ctx, chromedp.EmulateViewport(printWidth, 1000), media("print"), chromedp.Navigate(base+PrintPage))
	if err == nil {
		err = waitDiagrams(ctx, 30*time.Second)
	}
	cancel()
	require.NoError(t, err, "print.html, laid out for print")
	for _, p := range printProblems(t, tab) {
		t.Errorf("print.html, printed: %s", p)
	}
}

// browse skips the test unless SITE_BROWSER=1 (failing it under CI=true if Chromium or
// Mermaid's bundle is missing), builds the site, serves it and starts headless Chromium, all
// stopped when the test ends, under a deadline named what.
func browse(t *testing.T, what string) (res *Result, base string, tab context.Context) {
	t.Helper()
	if os.Getenv("SITE_BROWSER") != "1" {
		t.Skipf("skipping the browser test: run it with SITE_BROWSER=1 go test -run %s ./internal/site", t.Name())
	}
	_, err := Chrome{}.Program()
	needTool(t, err, "Chromium")
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, MermaidBundle))
	needTool(t, err, "Mermaid's bundle (npm ci in internal/cmd/site)")
	deadline := 5 * time.Minute
	if d, err := time.ParseDuration(os.Getenv("SITE_BROWSER_DEADLINE")); err == nil && d > 0 {
		deadline = d // a machine known to be slower
	}
	t.Cleanup(testdeadline.Guard(deadline, what))

	siteDir := filepath.Join(t.TempDir(), "site")
	res, err = Build(Options{Root: root, Out: siteDir})
	require.NoError(t, err, "building the site")
	base, stopServer, err := Serve(siteDir)
	require.NoError(t, err, "serving the site")
	t.Cleanup(stopServer)
	tab, stop, err := Chrome{}.Browser(context.Background())
	require.NoError(t, err, "starting Chromium")
	t.Cleanup(stop)
	shots = os.Getenv("SITE_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(root, "_screenshots")
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	return res, base, tab
}
