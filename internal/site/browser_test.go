package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserDeadline bounds the whole browser test: building, every page (330 or so), search, the
// theme, screenshots and the PDF. That takes about a minute on an idle 2-core machine and five
// to ten on one where 20 processes wait for the CPU; run it with go test -timeout 15m.
// SITE_BROWSER_DEADLINE (a duration) replaces it on a machine known to be slower.
const browserDeadline = 12 * time.Minute

// needTool skips the test when a program is missing, or fails it when CI=true: CI installs
// Chromium and poppler-utils, so there a missing one means the check did not run.
func needTool(t *testing.T, err error, what string) {
	t.Helper()
	if err == nil {
		return
	}
	require.NotEqualf(t, "true", os.Getenv("CI"), "CI=true, but %s is missing: %v", what, err)
	t.Skipf("skipping the browser test: %s is missing (%v); .ci/run installs it", what, err)
}

// events records what the browser saw while the test drove it: every request, every failed
// load or error status, every console error, each under the page that caused it.
type events struct {
	mu       sync.Mutex
	page     string
	requests map[network.RequestID]string
	problems []string
	urls     []string // every URL requested, for the offline check
}

func (e *events) setPage(p string) {
	e.mu.Lock()
	e.page = p
	e.mu.Unlock()
}

func (e *events) listen(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		e.requests[ev.RequestID] = ev.Request.URL
		e.urls = append(e.urls, e.page+" -> "+ev.Request.URL)
	case *network.EventLoadingFailed:
		if ev.Canceled {
			return // a navigation that the test itself cut short
		}
		e.problems = append(e.problems, fmt.Sprintf("%s: loading %s failed: %s", e.page, e.requests[ev.RequestID], ev.ErrorText))
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			e.problems = append(e.problems, fmt.Sprintf("%s: %s answered %d", e.page, ev.Response.URL, ev.Response.Status))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			e.problems = append(e.problems, fmt.Sprintf("%s: console error: %s", e.page, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		e.problems = append(e.problems, fmt.Sprintf("%s: uncaught exception: %s (%s:%d)", e.page, msg, d.URL, d.LineNumber))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			e.problems = append(e.problems, fmt.Sprintf("%s: browser log error: %s (%s)", e.page, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

func (e *events) take() (problems, urls []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	problems, urls = e.problems, e.urls
	e.problems, e.urls = nil, nil
	return problems, urls
}

// pageFacts is what the test reads from each page in the browser.
type pageFacts struct {
	IDs      []string `json:"ids"`
	Links    []string `json:"links"`
	Mermaid  int      `json:"mermaid"`
	SVGs     int      `json:"svgs"`
	Overflow int      `json:"overflow"` // how far the page scrolls sideways, in CSS pixels
	// Spills lists each diagram text that runs out of its shape (a note, an actor, a node)
	// or out of the diagram, as the browser drew it.
	Spills []string `json:"spills"`
}

const factsJS = `(() => {
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const links = [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
    .map(e => e.href || e.src);
  const blocks = [...document.querySelectorAll("pre.mermaid")];
  return {
    ids, links,
    mermaid: blocks.length,
    svgs: blocks.filter(b => b.querySelector(":scope > svg")).length,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    spills: spills(),
  };
  // Mermaid sizes a shape from its own estimate of the text's width, which the browser's font
  // can exceed. So every text of a drawn diagram (an SVG text, or the HTML in a foreignObject)
  // is measured as drawn and must lie inside the diagram and inside its shape: the nearest
  // enclosing group's own rect, polygon, circle or label path (a note, an actor, a node). A
  // loop's condition is drawn beside its label box, so only the diagram bounds it. Across, a
  // pixel of slack; up and down, a fifth of the text's height, for the font's line gap.
  function spills() {
    const out = [];
    const shapeSel = ":scope > rect, :scope > polygon, :scope > circle, :scope > ellipse, :scope > path.label-container, :scope > path.basic";
    const fmt = b => "[" + [b.left, b.top, b.right, b.bottom].map(v => v.toFixed(1)).join(" ") + "]";
    const inside = (a, b) => {
      const v = Math.max(1, a.height / 5);
      return a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - v && a.bottom <= b.bottom + v;
    };
    blocks.forEach((pre, n) => {
      const svg = pre.querySelector(":scope > svg");
      if (!svg) return;
      const whole = svg.getBoundingClientRect();
      svg.querySelectorAll("text, foreignObject").forEach(e => {
        if (e.tagName === "text" && e.closest("foreignObject")) return;
        const words = e.textContent.trim();
        if (!words) return;
        let box;
        if (e.tagName === "foreignObject") {
          const range = document.createRange();
          range.selectNodeContents(e);
          box = range.getBoundingClientRect();
        } else {
          box = e.getBoundingClientRect();
        }
        if (box.width === 0 && box.height === 0) return;
        const what = "diagram " + (n + 1) + ": " + JSON.stringify(words.slice(0, 60)) + " at " + fmt(box);
        if (!inside(box, whole)) {
          out.push(what + " runs out of the diagram " + fmt(whole));
          return;
        }
        if (e.classList.contains("loopText")) return;
        for (let g = e.parentElement; g && g !== svg; g = g.parentElement) {
          const shapes = [...g.querySelectorAll(shapeSel)].map(x => x.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
          if (g.tagName !== "g" || shapes.length === 0) continue;
          const s = shapes.reduce((a, b) => ({left: Math.min(a.left, b.left), top: Math.min(a.top, b.top),
            right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom)}));
          if (!inside(box, s)) out.push(what + " overflows its shape " + fmt(s));
          break;
        }
      });
    });
    return out;
  }
})()`

// TestSiteInChromium builds the site and drives headless Chromium over every page of it. It
// takes a minute or more, so `go test ./...` skips it unless SITE_BROWSER=1; the site step of
// .ci/run sets that (and CI=true, which turns a missing Chromium into a failure).
func TestSiteInChromium(t *testing.T) {
	if os.Getenv("SITE_BROWSER") != "1" {
		t.Skip("skipping the browser test: run it with SITE_BROWSER=1 go test -run TestSiteInChromium ./internal/site (.ci/run does)")
	}
	_, err := Chrome{}.Program()
	needTool(t, err, "Chromium")
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, MermaidBundle))
	needTool(t, err, "Mermaid's bundle (npm ci in internal/cmd/site)")
	deadline := browserDeadline
	if d, err := time.ParseDuration(os.Getenv("SITE_BROWSER_DEADLINE")); err == nil && d > 0 {
		deadline = d // a machine known to be slower
	}
	defer testdeadline.Guard(deadline, "the browser test")()

	siteDir := filepath.Join(t.TempDir(), "site")
	res, err := Build(Options{Root: root, Out: siteDir})
	require.NoError(t, err, "building the site")
	base, stopServer, err := Serve(siteDir)
	require.NoError(t, err, "serving the site")
	defer stopServer()

	ev := &events{requests: map[network.RequestID]string{}}
	tab, stop, err := Chrome{}.Browser(context.Background(), chromedp.WithListener(ev.listen))
	require.NoError(t, err, "starting Chromium")
	defer stop()
	run := func(what string, d time.Duration, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		ctx, cancel := context.WithTimeout(tab, d)
		defer cancel()
		require.NoErrorf(t, chromedp.Do(ctx, steps...), "%s", what)
	}
	facts := func(what string) pageFacts {
		t.Helper()
		ctx, cancel := context.WithTimeout(tab, 20*time.Second)
		defer cancel()
		require.NoErrorf(t, waitDiagrams(ctx, 20*time.Second), "%s", what)
		f, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
		require.NoErrorf(t, err, "%s", what)
		for _, s := range f.Spills { // at this width as well as on a phone's
			t.Errorf("%s: %s", what, s)
		}
		return f
	}

	// Screenshots go to _screenshots (git-ignored), or $SITE_SCREENSHOTS.
	shots = os.Getenv("SITE_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(root, "_screenshots")
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))

	// Every page at a phone's width, 375 CSS pixels, in a few tabs at once: each tab has its
	// own renderer process, so the crawl keeps its pace on a machine busy with other work.
	all := slices.Concat(res.Pages, res.Views, []string{SearchPage, PrintPage})
	type result struct {
		facts pageFacts
		err   error
	}
	results := make([]result, len(all))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var crawlers []*events
	for range crawlTabs {
		cev := &events{requests: map[network.RequestID]string{}}
		crawlers = append(crawlers, cev)
		ctx, cancel := chromedp.NewContext(tab, chromedp.WithListener(cev.listen))
		defer cancel()
		require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)), "opening a tab")
		wg.Go(func() {
			for i := range jobs {
				cev.setPage(all[i])
				f, err := crawl(ctx, base+all[i])
				results[i] = result{f, err}
			}
		})
	}
	start := time.Now()
	for i := range all {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	ids := map[string]map[string]bool{}
	type link struct{ from, to string }
	var links []link
	svgs, lessonDiagrams := 0, 0
	for i, p := range all {
		f, err := results[i].facts, results[i].err
		if !assert.NoErrorf(t, err, "%s", p) {
			continue
		}
		ids[p] = map[string]bool{}
		for _, id := range f.IDs {
			ids[p][id] = true
		}
		for _, l := range f.Links {
			links = append(links, link{p, l})
		}
		assert.Equalf(t, f.Mermaid, f.SVGs, "%s: Mermaid blocks that became an SVG", p)
		if p != PrintPage {
			lessonDiagrams += f.Mermaid
			svgs += f.SVGs
		}
		assert.LessOrEqualf(t, f.Overflow, 0, "%s: at 375 px the page scrolls sideways by %d px", p, f.Overflow)
		for _, s := range f.Spills {
			t.Errorf("%s: at 375 px, %s", p, s)
		}
	}
	t.Logf("%d pages loaded in %v", len(all), time.Since(start).Round(time.Millisecond))
	assert.NotZero(t, res.Mermaid, "Mermaid diagrams in the Markdown")
	assert.Equal(t, res.Mermaid, lessonDiagrams, "Mermaid blocks on the pages, against the Markdown's diagrams")
	assert.Equal(t, res.Mermaid, svgs, "SVGs on the pages, against the Markdown's diagrams")

	// Every link and anchor inside the site leads somewhere.
	checked := 0
	for _, l := range links {
		u, err := url.Parse(l.to)
		if !assert.NoErrorf(t, err, "%s: link %q", l.from, l.to) {
			continue
		}
		if !strings.HasPrefix(l.to, base) {
			continue // another site's link: not followed, so never a request
		}
		target := strings.TrimPrefix(u.Path, "/")
		if target == "" || strings.HasSuffix(target, "/") { // the server's address of an index.html
			target += "index.html"
		}
		checked++
		_, err = os.Stat(filepath.Join(siteDir, filepath.FromSlash(target)))
		if !assert.NoErrorf(t, err, "%s: broken link to %s", l.from, l.to) {
			continue
		}
		if u.Fragment != "" {
			assert.Truef(t, ids[target][u.Fragment], "%s: link to %s: no anchor #%s there", l.from, target, u.Fragment)
		}
	}
	assert.GreaterOrEqualf(t, checked, len(all), "internal links checked over %d pages", len(all))

	// Search, offline, over the index built with the site, on a phone.
	run("a 375 px viewport", 10*time.Second, chromedp.EmulateViewport(375, 812))
	for _, q := range []struct {
		query string
		found bool
	}{{"GIL", true}, {"run_in_executor", true}, {"glossary", true}, {"zqxwvutnothere", false}} {
		p := SearchPage + "?q=" + url.QueryEscape(q.query)
		ev.setPage(p)
		run("searching "+q.query, 20*time.Second, chromedp.Navigate(base+p))
		ctx, cancel := context.WithTimeout(tab, 10*time.Second)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results li").length`))
		marks, err2 := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results mark")].slice(0, 5).map(m => m.textContent)`))
		cancel()
		require.NoErrorf(t, err, "searching %q: the results", q.query)
		require.NoErrorf(t, err2, "searching %q: the marked words", q.query)
		if q.found {
			assert.NotZerof(t, n, "search %q: results", q.query)
			if assert.NotEmptyf(t, marks, "search %q: marked words", q.query) {
				assert.Equalf(t, strings.ToLower(q.query), strings.ToLower(marks[0]), "search %q: the first marked word, in any case; marked %q", q.query, marks)
			}
		} else {
			assert.Zerof(t, n, "search %q: results, want none", q.query)
		}
		if q.query == "run_in_executor" {
			shoot(t, tab, "search.png")
		}
	}

	// Dark mode: the system's preference by default, then the toggle, remembered on reload.
	chapter1 := res.Chapters[0].Page
	ev.setPage(chapter1 + " (theme)")
	theme := func() (string, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(tab, 10*time.Second)
		defer cancel()
		th, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-theme")`))
		require.NoError(t, err, "reading the theme")
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		require.NoError(t, err, "reading the background")
		return th, bg
	}
	dark := func(on bool) chromedp.Action[chromedp.Void] {
		v := "light"
		if on {
			v = "dark"
		}
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}})
			return err
		})
	}
	const lightBG, darkBG = "rgb(255, 255, 255)", "rgb(15, 20, 25)"
	run("a dark system", 20*time.Second, chromedp.EmulateViewport(1280, 800), dark(true),
		chromedp.Navigate(base+chapter1), chromedp.Evaluate[chromedp.Void](`localStorage.clear()`), chromedp.Reload())
	th, bg := theme()
	assert.Equal(t, "dark", th, "with prefers-color-scheme: dark and nothing remembered: the theme")
	assert.Equal(t, darkBG, bg, "with prefers-color-scheme: dark and nothing remembered: the background")
	for _, want := range []struct{ theme, bg string }{{"light", lightBG}, {"dark", darkBG}, {"light", lightBG}} {
		run("the toggle", 20*time.Second, chromedp.Click(".theme-toggle"))
		th, bg := theme()
		assert.Equal(t, want.theme, th, "after a click on the toggle: the theme")
		assert.Equal(t, want.bg, bg, "after a click on the toggle: the background")
		run("a reload", 20*time.Second, chromedp.Reload())
		th, _ = theme()
		assert.Equal(t, want.theme, th, "after a reload: the toggle's theme was not remembered")
	}
	run("a light system", 10*time.Second, dark(false), chromedp.Evaluate[chromedp.Void](`localStorage.clear()`))

	// Screenshots of each chapter's first screen, light and dark, for a person to look at.
	for i, ch := range res.Chapters {
		for _, th := range []string{"light", "dark"} {
			ev.setPage(ch.Page + " (" + th + ")")
			run("screenshot of "+ch.Page, 30*time.Second, chromedp.Navigate(base+ch.Page),
				chromedp.Evaluate[chromedp.Void](`localStorage.setItem("book-theme", "`+th+`")`), chromedp.Reload())
			facts(ch.Page)
			shoot(t, tab, fmt.Sprintf("ch%02d-%s.png", i+1, th))
		}
	}
	// The last theme set is dark: a diagram drawn in it, and the glossary's Korean terms.
	run("a dark diagram", 30*time.Second, chromedp.Navigate(base+chapter1))
	facts(chapter1)
	run("scrolling to the diagram", 10*time.Second, chromedp.Evaluate[chromedp.Void](`document.querySelector("pre.mermaid").scrollIntoView()`))
	shoot(t, tab, "diagram-dark.png")
	run("the glossary", 30*time.Second, chromedp.Navigate(base+"docs/glossary.html"))
	shoot(t, tab, "glossary-dark.png")
	run("a phone", 20*time.Second, chromedp.EmulateViewport(375, 812), chromedp.Navigate(base+chapter1))
	facts(chapter1)
	shoot(t, tab, "ch01-dark-375px.png")
	run("a source view on a phone", 20*time.Second, chromedp.Navigate(base+"ch01-blocking/main.go.html"))
	shoot(t, tab, "source-dark-375px.png")
	run("the light theme again", 10*time.Second, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`), chromedp.EmulateViewport(1280, 800))

	// In print, at an A4 page's printable width, nothing is cut off and no code line wraps.
	run("print media", 30*time.Second, chromedp.EmulateViewport(printWidth, 1000), media("print"), chromedp.Navigate(base+PrintPage))
	facts(PrintPage)
	for _, p := range printProblems(t, tab) {
		t.Errorf("print.html, printed: %s", p)
	}
	run("screen media", 10*time.Second, media(""), chromedp.EmulateViewport(1280, 800))

	// The PDF: the whole book, every chapter in it.
	ev.setPage(PrintPage + " (PDF)")
	pdf := filepath.Join(t.TempDir(), "book.pdf")
	require.NoError(t, printPDF(tab, base, pdf), "printing the PDF")
	checkPDF(t, pdf, res)
	if os.Getenv("SITE_PDF") != "" {
		data, _ := os.ReadFile(pdf)
		os.WriteFile(os.Getenv("SITE_PDF"), data, 0o644)
	}

	// Nothing failed, nothing went to the console, nothing left 127.0.0.1.
	problems, urls := ev.take()
	for _, c := range crawlers {
		p, u := c.take()
		problems, urls = append(problems, p...), append(urls, u...)
	}
	for _, p := range problems {
		t.Error(p)
	}
	local := strings.TrimSuffix(base, "/")
	for _, u := range urls {
		_, target, _ := strings.Cut(u, " -> ")
		assert.Truef(t, strings.HasPrefix(target, local+"/") || strings.HasPrefix(target, "data:") || strings.HasPrefix(target, "blob:"),
			"a request left the site: %s", u)
	}
	assert.GreaterOrEqualf(t, len(urls), len(all), "requests for %d pages: the network events were not recorded", len(all))
}

// printWidth is an A4 page's printable width in CSS pixels: 210 mm less two 0.6 in margins.
const printWidth = 678

// printJS lists what the page, laid out for print in a viewport printWidth wide, shows badly:
// a code block, table, picture or diagram that runs past the page's edge, and a code block
// with a line that wraps (print lets a line wrap rather than be cut off, but a wrapped line
// of a table or a timeline breaks its columns: a long block must be set small enough to fit,
// and may wrap only at the style sheet's smallest print size, 5.5pt).
const printJS = `(() => {
  const out = [];
  const edge = document.documentElement.clientWidth + 1;
  document.querySelectorAll("pre, table, img, svg").forEach(e => {
    if ((e.tagName === "PRE" && e.scrollWidth > e.clientWidth + 1) || e.getBoundingClientRect().right > edge)
      out.push("cut off at the page's edge: " + e.tagName + ": " + e.textContent.trim().slice(0, 70));
  });
  document.querySelectorAll(".code pre").forEach(pre => {
    const lines = pre.textContent.replace(/\n$/, "").split("\n");
    const cs = getComputedStyle(pre);
    const lh = parseFloat(cs.lineHeight);
    const h = pre.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    const drawn = Math.round(h / lh);
    if (drawn > lines.length && parseFloat(cs.fontSize) > 5.5 * 96 / 72 + 0.01) {
      const longest = lines.reduce((a, b) => b.length > a.length ? b : a, "");
      out.push("a code line wraps (" + lines.length + " lines drawn as " + drawn + ", at " + cs.fontSize + "): " + JSON.stringify(longest.slice(0, 70)));
    }
  });
  return out;
})()`

// printProblems lays the tab's page out for print and returns printJS's findings.
func printProblems(t *testing.T, tab context.Context) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](printJS))
	require.NoError(t, err, "print.html's layout for print")
	return found
}

// media emulates a CSS media type: "print", or "" for the screen.
func media(m string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	})
}

// crawlTabs is how many tabs load the pages at once.
const crawlTabs = 3

// crawl loads one page in a tab and reads its facts once its diagrams are drawn.
func crawl(tab context.Context, url string) (pageFacts, error) {
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return pageFacts{}, fmt.Errorf("loading: %w", err)
	}
	if err := waitDiagrams(ctx, 30*time.Second); err != nil {
		return pageFacts{}, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
}

// shots is the folder of the screenshots.
var shots string

// shoot saves a screenshot of the tab's viewport as shots/name.
func shoot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoErrorf(t, err, "screenshot %s", name)
	require.NoError(t, os.WriteFile(filepath.Join(shots, name), png, 0o644))
}

// shootDiagram saves a screenshot of the page's k-th Mermaid diagram (from 0), whole, as
// shots/name.
func shootDiagram(t *testing.T, tab context.Context, k int, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	mark := fmt.Sprintf(`document.querySelectorAll("pre.mermaid")[%d].setAttribute("data-shot", "%d")`, k, k)
	require.NoErrorf(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](mark)), "screenshot %s", name)
	png, err := chromedp.Run(ctx, chromedp.Screenshot(fmt.Sprintf(`pre.mermaid[data-shot="%d"]`, k)))
	require.NoErrorf(t, err, "screenshot %s", name)
	require.NoError(t, os.WriteFile(filepath.Join(shots, name), png, 0o644))
}

// checkPDF reads the PDF's text with pdftotext and checks that every chapter, its exercises,
// code and diagrams are there.
func checkPDF(t *testing.T, pdf string, res *Result) {
	t.Helper()
	_, err := exec.LookPath("pdftotext")
	needTool(t, err, "pdftotext (poppler-utils)")
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	require.NoError(t, err, "pdftotext")
	text := strings.Join(strings.Fields(string(out)), " ")
	want := []string{
		"func blockingRequest",                     // code, from chapter 1's listing
		"legend: # running . waiting for an await", // a timeline picture
		"Exercise 5.3",                             // the last chapter's exercises
		"Glossary",                                 // the appendix
	}
	for _, c := range res.Chapters {
		want = append(want, c.Title)
	}
	// assert.True, not assert.Contains or assert.Regexp, which would print the whole book.
	for _, w := range want {
		assert.Truef(t, strings.Contains(text, w), "the PDF lacks %q", w)
	}
	// A diagram's labels are text in the SVG, so they are text in the PDF.
	assert.True(t, regexp.MustCompile(`Task-1.*Task-2`).MatchString(text), "the PDF lacks the diagrams' labels")
	pages, err := exec.Command("pdfinfo", pdf).Output()
	if err == nil {
		assert.Regexpf(t, `Pages:\s+\d{2,}`, string(pages), "the PDF has too few pages")
	}
	for _, p := range pageFootProblems(string(out), noteFragments(t)) {
		t.Errorf("the PDF: %s", p)
	}
}

// noteFragments are the fixed words of the notes the site puts above a checked, measured or
// embedded block (note_golden, note_regen and note_listing in i18n/en.json): the longest run
// of each note's text between its {placeholders}.
func noteFragments(t *testing.T) []string {
	t.Helper()
	ui, err := loadUI("en")
	require.NoError(t, err)
	var frags []string
	for _, key := range []string{"note_golden", "note_regen", "note_listing"} {
		longest := ""
		for _, part := range regexp.MustCompile(`\{[a-z]+\}`).Split(ui[key], -1) {
			if len(part) > len(longest) {
				longest = part
			}
		}
		require.NotEmptyf(t, longest, "i18n %s", key)
		frags = append(frags, strings.TrimSpace(longest))
	}
	return frags
}

// pageFootProblems reads a PDF's text as pdftotext -layout prints it — pages ended by form
// feeds, each closed by its "N / M" footer — and names each page but the last whose last line
// must stay with what follows on the next page: a block's note (a line with one of notes in
// it), or a line of prose (not indented, as code is) that ends in a colon, introducing the
// block or list that starts the next page (indented, or a bullet). A colon at the end of a
// line in the middle of a paragraph, whose next line is prose again, is no problem.
func pageFootProblems(text string, notes []string) []string {
	var problems []string
	pages := strings.Split(strings.TrimRight(text, "\f\n"), "\f")
	body := make([][]string, len(pages)) // each page's non-blank lines, the footer left off
	for i, page := range pages {
		for l := range strings.Lines(page) {
			if strings.TrimSpace(l) != "" {
				body[i] = append(body[i], strings.TrimRight(l, "\n"))
			}
		}
		if n := len(body[i]); n > 0 && regexp.MustCompile(`^\s*\d+ / \d+\s*$`).MatchString(body[i][n-1]) {
			body[i] = body[i][:n-1]
		}
	}
	for i := range len(pages) - 1 {
		lines, next := body[i], body[i+1]
		if len(lines) == 0 {
			continue
		}
		startsBlock := len(next) > 0 && (strings.HasPrefix(next[0], " ") || strings.HasPrefix(next[0], "•"))
		last := lines[len(lines)-1]
		tail := last // a wrapped note ends on a line at the margin; a block's lines are indented
		if len(lines) > 1 && !strings.HasPrefix(last, " ") {
			tail = strings.TrimSpace(lines[len(lines)-2]) + " " + strings.TrimSpace(last)
		}
		switch {
		case slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(tail, n) }):
			problems = append(problems, fmt.Sprintf("page %d ends with a block's note, its block on the next page: %q", i+1, strings.TrimSpace(last)))
		case !strings.HasPrefix(last, " ") && strings.HasSuffix(strings.TrimSpace(last), ":") && startsBlock:
			problems = append(problems, fmt.Sprintf("page %d ends with a line that introduces what is on the next page: %q", i+1, strings.TrimSpace(last)))
		}
	}
	return problems
}

// pageFootProblems catches a page that ends with a block's note or with prose introducing the
// next page's block or list, and lets pass a page that ends with prose, with code (indented,
// even if it ends in a colon, as Python does), with a note whose block came with it, or with a
// line that ends in a colon in the middle of a paragraph.
func TestPageFootProblems(t *testing.T) {
	notes := noteFragments(t)
	page := func(lines ...string) string { return strings.Join(lines, "\n") + "\n      7 / 9\n\f" }
	text := page("Some prose that ends a sentence.") + // 1: fine
		page("Numbers from one run; they vary:") + // 2: introduces the next page's block
		page("   a block that belongs on page 2", "Numbers from one run; they vary:", "Measured on the author's machine by go run ./ch03-gil sched ; make measure reruns it.") + // 3: a note
		page("   def main():", "       for i in range(3):") + // 4: code, indented
		page("From racy.go , kept in step with the code by embedmd.", "   func main() {", "   }") + // 5: the note's block came too
		page("Checked by the tests: this is section report.txt of", "testdata/racy.txtar .") + // 6: a note, wrapped
		page("   code, then a paragraph whose line happens to end in a colon:") + // 7: indented, code
		page("From racy.go , kept in step with the code by embedmd.", "   counter++ // a one-line block, with its note") + // 8: fine
		page("and goes on here, as prose, at the margin; and it introduces a list:") + // 9
		page("• an item", "The last page may end as it likes:")
	got := pageFootProblems(text, notes)
	require.Len(t, got, 4, "problems: %q", got)
	assert.Contains(t, got[0], "page 2 ends with a line that introduces")
	assert.Contains(t, got[1], "page 3 ends with a block's note")
	assert.Contains(t, got[2], "page 6 ends with a block's note")
	assert.Contains(t, got[3], "page 9 ends with a line that introduces")
	mid := page("a paragraph, one of whose lines ends with a colon:") + page("and goes on here, at the margin.")
	assert.Empty(t, pageFootProblems(mid, notes), "a colon in the middle of a paragraph")
}
