package lessonlint

import (
	"fmt"
	"regexp"
	"strconv"
)

// Verdicts that a measured line may print beside its speed-up, and the speed-ups that
// contradict them: "in parallel" at 1.0x, "no faster" at 1.9x. The margins are wide, so that
// only a verdict its own numbers plainly contradict is reported.
var (
	speedupRE        = regexp.MustCompile(`\b([0-9]+(?:\.[0-9]+)?)[x×]`)
	parallelRE       = regexp.MustCompile(`(?i)\b(in parallel|parallel speed-?up|scales)\b`)
	noSpeedupRE      = regexp.MustCompile(`(?i)\b(no faster|useless|no gain|no speed-?up|not in parallel|one at a time)\b`)
	parallelAtMost   = 1.1 // "in parallel" at this speed-up or less is contradicted
	noSpeedupAtLeast = 1.5 // "no faster" at this speed-up or more is contradicted
)

// verdict checks one line of a program's output for a verdict its speed-up contradicts.
func verdict(text string) string {
	m := speedupRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	x, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return ""
	}
	switch {
	case noSpeedupRE.MatchString(text):
		if x >= noSpeedupAtLeast {
			return fmt.Sprintf("the verdict %q contradicts the speed-up %sx on the same line: compute the label from the numbers", noSpeedupRE.FindString(text), m[1])
		}
	case parallelRE.MatchString(text):
		if x <= parallelAtMost {
			return fmt.Sprintf("the verdict %q contradicts the speed-up %sx on the same line: compute the label from the numbers", parallelRE.FindString(text), m[1])
		}
	}
	return ""
}
