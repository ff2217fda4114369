package lessonlint

import (
	"regexp"
	"strconv"
	"strings"
)

// A diagram is a Mermaid block: its text and the line of its opening fence.
type diagram struct {
	file  string
	fence int
	text  string
}

func mermaidBlocks(file string, lines []line) []diagram {
	var ds []diagram
	var cur *diagram
	for _, l := range lines {
		switch {
		case l.fence && cur == nil && strings.Contains(l.text, "mermaid"):
			cur = &diagram{file: file, fence: l.no}
		case l.fence && cur != nil:
			ds = append(ds, *cur)
			cur = nil
		case cur != nil:
			cur.text += l.text + "\n"
		}
	}
	return ds
}

var mermaidLine = regexp.MustCompile(`Parse error on line (\d+)`)

func (l *Linter) checkMermaid(ds []diagram) ([]Finding, error) {
	texts := make([]string, len(ds))
	for i, d := range ds {
		texts[i] = d.text
	}
	msgs, err := l.Mermaid(texts)
	if err != nil {
		return nil, err
	}
	var fs []Finding
	for i, msg := range msgs {
		if msg == "" {
			continue
		}
		at := ds[i].fence
		if m := mermaidLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			at += n // line 1 of the diagram is the line after the fence
		}
		fs = append(fs, Finding{ds[i].file, at, "Mermaid cannot parse this diagram: " + msg})
	}
	return fs, nil
}
