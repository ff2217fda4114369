package scripttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// regenMarker introduces a lesson's measured block, which `make measure` rewrites by running
// COMMAND. The command ends with a shell comment that names the txtar section giving the block's
// shape (a bare name is in testdata/script; a name with a slash is a path from the chapter's
// folder), as in ch03:
//
//	<!-- regen: go run ./ch03-gil cpu # shape: cpu.txtar lesson.txt -->
var (
	regenMarker = regexp.MustCompile(`^<!-- regen: (.*) -->$`)
	shapeNote   = regexp.MustCompile(` # shape: (\S+\.txtar) (\S+)$`)
)

// CheckMeasured checks every measured block of a lesson against the shape its marker names: the
// numbers vary from run to run, the lines around them may not. A measured block that names no
// shape fails too.
func CheckMeasured(t *testing.T, lesson string) {
	t.Helper()
	for _, err := range measuredErrors(lesson) {
		t.Error(err)
	}
}

func measuredErrors(lesson string) []error {
	data, err := os.ReadFile(lesson)
	if err != nil {
		return []error{err}
	}
	var errs []error
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		m := regenMarker.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		at := i + 1
		s := shapeNote.FindStringSubmatch(m[1])
		if s == nil {
			errs = append(errs, fmt.Errorf("%s:%d: a measured block must name its shape: end the command with # shape: FILE.txtar SECTION", lesson, at))
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			errs = append(errs, fmt.Errorf("%s:%d: a regen marker must be followed by a fenced code block", lesson, at))
			continue
		}
		var block strings.Builder
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
			block.WriteString(lines[i] + "\n")
		}
		archive := filepath.Join(filepath.Dir(lesson), "testdata", "script", s[1])
		if strings.Contains(s[1], "/") {
			archive = filepath.Join(filepath.Dir(lesson), s[1])
		}
		want, err := Section(archive, s[2])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %s %s: %v", lesson, at, s[1], s[2], err))
			continue
		}
		if !ShapeRegexp(want).MatchString(block.String()) {
			errs = append(errs, fmt.Errorf("%s:%d: the measured block does not have the shape of %s %s\n--- lesson:\n%s--- shape:\n%s", lesson, at, s[1], s[2], block.String(), want))
		}
	}
	return errs
}
