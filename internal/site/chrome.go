package site

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Chrome says which Chromium to drive.
type Chrome struct {
	// Path is the program; "" is $CHROMIUM, else chromium (or chromium-browser, google-chrome)
	// on PATH.
	Path string
}

// ErrNoChromium is returned when no Chromium program is found.
var ErrNoChromium = errors.New("no Chromium: install it (Debian: apt-get install chromium) or name it with -chromium")

// Program finds the Chromium program.
func (c Chrome) Program() (string, error) {
	if c.Path != "" {
		return exec.LookPath(c.Path)
	}
	if p := os.Getenv("CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Browser starts headless Chromium with a fresh profile and the flags that let it run as root
// in a container without reaching the network by itself (no component updates, sync or
// background requests). opts are added to each tab's context. stop ends the browser and
// removes its profile.
func (c Chrome) Browser(ctx context.Context, opts ...chromedp.ContextOption) (tab context.Context, stop func(), err error) {
	prog, err := c.Program()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "book-chromium-")
	if err != nil {
		return nil, nil, err
	}
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(prog),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
	)
	tctx, tcancel := chromedp.NewContext(actx, opts...)
	stop = func() {
		tcancel()
		acancel()
		os.RemoveAll(profile)
	}
	// The first Run starts the browser; it must not carry a timeout (that would end it).
	if err := chromedp.Do(tctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting %s: %w", prog, err)
	}
	return tctx, stop, nil
}

// Serve serves dir on 127.0.0.1 at a free port and returns its address (http://127.0.0.1:N/).
func Serve(dir string) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}

// PDFTimeout bounds printing the book: loading print.html, drawing every diagram, printing.
const PDFTimeout = 3 * time.Minute

// PDF prints the site's print.html (the whole book: contents, a part per chapter, the
// appendix) to one A4 PDF at out, with page numbers and a document outline, once every
// Mermaid diagram is drawn.
func PDF(ctx context.Context, siteDir, out string, c Chrome) error {
	base, stopServer, err := Serve(siteDir)
	if err != nil {
		return err
	}
	defer stopServer()
	tab, stop, err := c.Browser(ctx)
	if err != nil {
		return err
	}
	defer stop()
	return printPDF(tab, base, out)
}

// printPDF prints base+print.html in the browser tab to out.
func printPDF(tab context.Context, base, out string) error {
	tctx, cancel := context.WithTimeout(tab, PDFTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(base+PrintPage)); err != nil {
		return fmt.Errorf("loading %s: %w", PrintPage, err)
	}
	if err := waitDiagrams(tctx, PDFTimeout); err != nil {
		return fmt.Errorf("%s: %w", PrintPage, err)
	}
	data, err := chromedp.Run(tctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargin(0.6),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(`<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	))
	if err != nil {
		return fmt.Errorf("printing %s: %w", PrintPage, err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// waitDiagrams waits until site.js says that Mermaid has drawn every diagram of the page.
func waitDiagrams(ctx context.Context, d time.Duration) error {
	end := time.Now().Add(d)
	var state string
	var err error
	for {
		state, err = chromedp.Run(ctx, chromedp.Poll[string](`document.documentElement.getAttribute("data-diagrams")`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(time.Until(end))))
		// Just after a navigation or a reload, the page's old JavaScript context is gone and
		// the new one may not be there yet: the poll then fails at once with one of these,
		// and is tried again in the new page, until the deadline.
		if err == nil || !contextGone(err) || time.Until(end) <= 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("waiting for the diagrams: %w", err)
	}
	if state != "done" {
		return fmt.Errorf("mermaid could not draw every diagram (%s)", state)
	}
	return nil
}

// contextGone reports whether err is Chromium's answer to an evaluation in a page's JavaScript
// context that a navigation has just destroyed, or whose successor does not exist yet.
func contextGone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") ||
		strings.Contains(msg, "Execution context was destroyed")
}
