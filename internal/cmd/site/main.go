// Command site builds the book as a static, offline web site, prints it as one PDF, or serves
// it for a preview (package internal/site does the work):
//
//	go run ./internal/cmd/site                      # build _site/ (make site)
//	go run ./internal/cmd/site -pdf book.pdf        # build, then print the whole book (make pdf)
//	go run ./internal/cmd/site -serve -port 8000    # build, then serve on 127.0.0.1 (make serve)
//
// Mermaid's browser bundle comes from `npm ci` in this folder (make site runs it); the PDF
// needs Chromium (-chromium, or chromium on PATH). A broken link or an unknown marker fails
// the build with file:line and leaves the old site in place.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/concurrency-models/book/internal/site"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the repository's root `folder`")
	out := fs.String("out", "_site", "the `folder` to write the site to")
	lang := fs.String("lang", "en", "the `language` of the interface words (internal/site/i18n)")
	pdf := fs.String("pdf", "", "also print the whole book to this PDF `file` with headless Chromium")
	chromium := fs.String("chromium", "", "the Chromium `program` for -pdf (default: chromium on PATH)")
	serve := fs.Bool("serve", false, "serve the site on 127.0.0.1 after building it")
	port := fs.Int("port", 8000, "the `port` for -serve")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: site [-root DIR] [-out DIR] [-lang en] [-pdf FILE [-chromium PROG]] [-serve [-port N]]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "site: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *port < 1 || *port > 65535 {
		fmt.Fprintf(stderr, "site: -port %d: want 1 to 65535\n", *port)
		fs.Usage()
		return 2
	}
	res, err := site.Build(site.Options{Root: *root, Out: *out, Lang: *lang})
	var probs site.Problems
	switch {
	case errors.As(err, &probs):
		for _, p := range probs {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "site: %d problems; %s left as it was\n", len(probs), *out)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "site: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "site: %d pages, %d source views, %d diagrams in %s; open %s/index.html\n",
		len(res.Pages), len(res.Views), res.Mermaid, *out, *out)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *pdf != "" {
		if err := site.PDF(ctx, res.Out, *pdf, site.Chrome{Path: *chromium}); err != nil {
			fmt.Fprintf(stderr, "site: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "site: printed the book to %s\n", *pdf)
	}
	if *serve {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
		if err != nil {
			fmt.Fprintf(stderr, "site: %v\n", err)
			return 1
		}
		srv := &http.Server{Handler: http.FileServer(http.Dir(res.Out)), ReadHeaderTimeout: 10 * time.Second}
		fmt.Fprintf(stdout, "site: serving http://%s/ (Ctrl-C stops)\n", ln.Addr())
		go func() {
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
		}()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "site: %v\n", err)
			return 1
		}
		fmt.Fprintln(stderr, "site: interrupted")
		return 130
	}
	return 0
}
