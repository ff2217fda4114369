package timeline

import (
	"fmt"
	"html"
	"io"
	"strings"
	"time"
)

// The SVG drawing's geometry, in pixels.
const (
	svgCell   = 8  // width of a column
	svgRow    = 20 // height of a row
	svgBar    = 14 // height of a bar inside its row
	svgLabel  = 96 // width of the units' names
	svgTop    = 34 // room for the scale
	svgMargin = 8
)

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
	width := svgLabel + (g.ncols+1)*svgCell + 2*svgMargin
	legendY := svgTop + len(g.units)*svgRow + 12
	height := legendY + (len(g.reasons)+2)*svgRow + svgMargin
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	x0 := svgMargin + svgLabel
	// The scale: a label and a tick every ten columns, as in the text.
	fmt.Fprintf(&b, `<text x="%d" y="14">1 column = %v</text>`+"\n", x0, g.step)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#57606a"/>`+"\n", x0, svgTop-4, x0+g.ncols*svgCell, svgTop-4)
	for c := 0; c <= g.ncols; c += 10 {
		label := (time.Duration(c) * g.step).String()
		if c == 0 {
			label = "0"
		}
		x := x0 + c*svgCell
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#57606a"/>`+"\n", x, svgTop-8, x, svgTop-4)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x, svgTop-10, html.EscapeString(label))
	}
	for i, u := range g.units {
		y := svgTop + i*svgRow
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", svgMargin, y+svgBar-2, html.EscapeString(u))
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
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", svgMargin+3*svgCell, y+svgBar-4, html.EscapeString(what[sym]))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d">blank: not started or done</text>`+"\n", svgMargin, legendY+len(items)*svgRow+svgBar-4)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
