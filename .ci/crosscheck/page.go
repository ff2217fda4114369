package main

// Reading docs/benchmarks.md: the figures the page's own harness published, as text. Nothing
// here imports internal/cmd/compare; the page's layout is checked line by line, and a layout
// this reader does not know is an error that says where, never a guess.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// compareMarker opens the page's measured block.
const compareMarker = "<!-- regen: go run ./internal/cmd/compare"

// A published figure: the median of the page's rounds' ratios and their range. ok is false
// when the page has the row but no figure in it (a "-" where Python was missing).
type published struct {
	median, lo, hi float64
	ok             bool
}

// A page's figures, by section and by name as the page spells it (indentation trimmed).
type page struct {
	rows   map[string]published // the first table: Python over Go
	bounds map[string]published // the Go figures against their floors: paired
	checks map[string]published // the checks, by their text up to ", want"
	rounds int                  // how many rounds the page's run had
}

// The headers this reader knows, as their words: a table whose header reads otherwise has
// changed its columns, and is refused.
var (
	rowsHeader   = "figure (Python / Go) Python Go ratio ratio range CPU Py CPU Go allocs"
	boundsHeader = "Go figure floor Go floor paired paired range apart CPU Go CPU floor CPU"
	checksHeader = "checks: met in k of N rounds; the median and range of the rounds' ratios; the verdict"
)

var (
	cellSep  = regexp.MustCompile(` {2,}`)
	rangeRE  = regexp.MustCompile(`^(\S+) to (\S+)$`)
	checkRE  = regexp.MustCompile(`^  (\S.*?), want [^:]*: met in \d+ of (\d+) rounds; median (\S+), range (\S+) to (\S+): .*$`)
	roundsRE = regexp.MustCompile(`; (\d+) rounds in `)
)

// parsePage reads the compare block of the page in text (named file, for messages).
func parsePage(file, text string) (*page, error) {
	lines := strings.Split(text, "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, compareMarker) {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, fmt.Errorf("%s: no block after %q", file, compareMarker+" ...")
	}
	if at+1 >= len(lines) || !strings.HasPrefix(lines[at+1], "```") {
		return nil, fmt.Errorf("%s:%d: the compare marker is not followed by a fenced block", file, at+1)
	}
	var block []string
	end := -1
	for i := at + 2; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "```") {
			end = i
			break
		}
		block = append(block, lines[i])
	}
	if end < 0 {
		return nil, fmt.Errorf("%s:%d: the compare block has no closing fence", file, at+2)
	}
	lineNo := func(i int) int { return at + 3 + i } // block[i]'s line in the file, from 1

	p := &page{rows: map[string]published{}, bounds: map[string]published{}, checks: map[string]published{}}
	seen := map[string]bool{}
	for i := 0; i < len(block); i++ {
		l := block[i]
		if m := roundsRE.FindStringSubmatch(l); m != nil && strings.HasPrefix(l, "load average:") {
			p.rounds, _ = strconv.Atoi(m[1])
		}
		header := strings.Join(strings.Fields(l), " ")
		var section map[string]published
		var cells int // a data row's cells, its name included
		var at int    // the cells of its median and its range
		switch header {
		case rowsHeader:
			section, cells, at = p.rows, 8, 3
		case boundsHeader:
			section, cells, at = p.bounds, 10, 4
		case checksHeader:
			seen[header] = true
			for i++; i < len(block) && block[i] != ""; i++ {
				l := block[i]
				if strings.HasPrefix(l, "    rounds:") {
					continue
				}
				if name, _, ok := strings.Cut(strings.TrimSpace(l), ", want "); ok && strings.HasSuffix(l, ": no figure") {
					p.checks[name] = published{}
					continue
				}
				m := checkRE.FindStringSubmatch(l)
				if m == nil {
					return nil, fmt.Errorf("%s:%d: a check this reader does not know the layout of: %q", file, lineNo(i), l)
				}
				f, err := figure(m[3], m[4], m[5])
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %v", file, lineNo(i), err)
				}
				p.checks[m[1]] = f
			}
			continue
		default:
			continue
		}
		seen[header] = true
		for i++; i < len(block) && block[i] != ""; i++ {
			row := strings.TrimLeft(block[i], " ")
			c := cellSep.Split(row, -1)
			if len(c) != cells {
				return nil, fmt.Errorf("%s:%d: %d cells where the table %q has %d: %q", file, lineNo(i), len(c), header, cells, block[i])
			}
			if c[at] == "-" {
				section[c[0]] = published{}
				continue
			}
			r := rangeRE.FindStringSubmatch(c[at+1])
			if r == nil {
				return nil, fmt.Errorf("%s:%d: %q is not a range \"A to B\": %q", file, lineNo(i), c[at+1], block[i])
			}
			f, err := figure(c[at], r[1], r[2])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, lineNo(i), err)
			}
			section[c[0]] = f
		}
	}
	for _, h := range []string{rowsHeader, boundsHeader, checksHeader} {
		if !seen[h] {
			return nil, fmt.Errorf("%s:%d: the compare block has no table headed %q: its layout has changed, and this reader with it must", file, at+1, h)
		}
	}
	if p.rounds == 0 {
		return nil, fmt.Errorf("%s:%d: the compare block does not say how many rounds it ran (\"; N rounds in\")", file, at+1)
	}
	return p, nil
}

// figure reads a median and a range, each a ratio such as 19.3x.
func figure(median, lo, hi string) (published, error) {
	var v [3]float64
	for i, s := range []string{median, lo, hi} {
		f, err := parseRatio(s)
		if err != nil {
			return published{}, err
		}
		v[i] = f
	}
	if v[1] > v[0] || v[0] > v[2] {
		return published{}, fmt.Errorf("the median %s is not within its range %s to %s", median, lo, hi)
	}
	return published{median: v[0], lo: v[1], hi: v[2], ok: true}, nil
}

// parseRatio reads a ratio as the page prints it: a number and an x.
func parseRatio(s string) (float64, error) {
	n, ok := strings.CutSuffix(s, "x")
	f, err := strconv.ParseFloat(n, 64)
	if !ok || err != nil || f <= 0 {
		return 0, fmt.Errorf("%q is not a ratio such as 19.3x", s)
	}
	return f, nil
}
