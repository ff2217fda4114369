package lessonlint

import (
	"github.com/concurrency-models/book/internal/lessoncheck"
	"github.com/concurrency-models/book/internal/lessonmark"
)

// measured checks every measured block of a page, the chapters' and docs/benchmarks.md's
// alike, against the shape its marker names (see lessoncheck.MeasuredProblems). file is the
// page's path relative to the linter's Root.
func measured(file string, page *lessonmark.Page) []Finding {
	var fs []Finding
	for _, p := range lessoncheck.MeasuredProblems(page) {
		fs = append(fs, Finding{file, p.Line, p.Msg})
	}
	return fs
}
