package timeline

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The SVG drawing's geometry, in pixels.
const (
	svgCell   = 8  // width of a column
	svgRow    = 20 // height of a row
	svgBar    = 14 // height of a bar inside its row
	svgLabel  = 96 // least width of the units' names
	svgTop    = 34 // room for the scale
	svgMargin = 8
	svgFont   = 12 // font size; the font is monospace
)

// svgTextWidth is how wide s is drawn: a monospace font's advance is 0.6 em (DejaVu Sans Mono,
// Liberation Mono, Menlo, Consolas all have about 0.6), rounded up so a label never touches
// the edge.
func svgTextWidth(s string) int {
	return (utf8.RuneCountInString(s)*svgFont*6 + 9) / 10
}

// svgRunning is the colour of running; svgWaits colour the reasons for waiting, in legend order.
var (
	svgRunning = "#1f6feb"
	svgWaits   = []string{"#d0d7de", "#f2cc60", "#a5d6a7", "#f4a6a6", "#c9b3f5", "#9be9e9", "#ffd8b5", "#bdbdbd"}
)

// SVG writes the picture Draw draws as an SVG image (GitHub shows one inline in a lesson), in at
// most cols columns: a bar for each stretch of a row in one state, coloured by the state and
// titled with it (a browser shows the title on hover), the scale above and the legend below.
func SVG(w io.Writer, events []Event, end time.Duration, cols int) error {
	if len(events) == 0 {
		return fmt.Errorf("timeline: nothing was recorded")
	}
	g := layout(events, end, cols)
	colour := map[byte]string{RunSymbol: svgRunning}
	what := map[byte]string{RunSymbol: "running"}
	for i, r := range g.reasons {
		colour[g.waits[r]] = svgWaits[i%len(svgWaits)]
		what[g.waits[r]] = "waiting for " + r
	}
	// The units' names column is as wide as the longest name, so no name runs into its bars.
	label := svgLabel
	for _, u := range g.units {
		label = max(label, svgTextWidth(u)+svgCell)
	}
	x0 := svgMargin + label
	legendY := svgTop + len(g.units)*svgRow + 12
	height := legendY + (len(g.reasons)+2)*svgRow + svgMargin
	// The body is drawn first; the picture is then made as wide as its rightmost text or bar,
	// so the last label of the scale (which starts at its tick) is not cut off.
	right := x0 + (g.ncols+1)*svgCell
	var b strings.Builder
	text := func(x, y int, s string) {
		right = max(right, x+svgTextWidth(s))
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x, y, html.EscapeString(s))
	}
	// The scale: a label and a tick every ten columns, as in the text.
	text(x0, 14, fmt.Sprintf("1 column = %v", g.step))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#57606a"/>`+"\n", x0, svgTop-4, x0+g.ncols*svgCell, svgTop-4)
	for c := 0; c <= g.ncols; c += 10 {
		tick := (time.Duration(c) * g.step).String()
		if c == 0 {
			tick = "0"
		}
		x := x0 + c*svgCell
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#57606a"/>`+"\n", x, svgTop-8, x, svgTop-4)
		text(x, svgTop-10, tick)
	}
	for i, u := range g.units {
		y := svgTop + i*svgRow
		text(svgMargin, y+svgBar-2, u)
		row := g.rows[i]
		for start := 0; start < len(row); {
			end := start
			for end < len(row) && row[end] == row[start] {
				end++
			}
			if sym := row[start]; sym != ' ' {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s: %s</title></rect>`+"\n",
					x0+start*svgCell, y+(svgRow-svgBar)/2-2, (end-start)*svgCell, svgBar, colour[sym], html.EscapeString(u), html.EscapeString(what[sym]))
			}
			start = end
		}
	}
	items := []byte{RunSymbol}
	for _, r := range g.reasons {
		items = append(items, g.waits[r])
	}
	for i, sym := range items {
		y := legendY + i*svgRow
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", svgMargin, y, 2*svgCell, svgBar-4, colour[sym])
		text(svgMargin+3*svgCell, y+svgBar-4, what[sym])
	}
	text(svgMargin, legendY+len(items)*svgRow+svgBar-4, "blank: not started or done")
	width := right + svgMargin
	var head strings.Builder
	fmt.Fprintf(&head, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="%d">`+"\n", width, height, width, height, svgFont)
	fmt.Fprintf(&head, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, head.String()+b.String())
	return err
}
