package pyparity

import (
	"os"
	"strings"
	"testing"
)

// Block returns the text of the first ```text fenced block that follows the line of file
// holding after (a command, say). The exercises' READMEs show what their Python programs
// print this way, and the chapters' parity tests compare a run with it, so the page cannot
// drift from the program. A missing file, line or block fails the test.
func Block(t testing.TB, file, after string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	i := 0
	for i < len(lines) && !strings.Contains(lines[i], after) {
		i++
	}
	if i == len(lines) {
		t.Fatalf("%s: no line holds %q", file, after)
	}
	for i < len(lines) && strings.TrimSpace(lines[i]) != "```text" {
		i++
	}
	var b strings.Builder
	for i++; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "```" {
			return b.String()
		}
		b.WriteString(lines[i])
	}
	t.Fatalf("%s: no ```text block, closed, after the line holding %q", file, after)
	return ""
}
