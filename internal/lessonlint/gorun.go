package lessonlint

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var chapterDirRE = regexp.MustCompile(`^ch[0-9][0-9]-[\w-]+$`)

// checkGoRun checks "go run ./chNN-topic ARGS": the demo and the flags must be ones the
// chapter's program accepts, as its -h says.
func (l *Linter) checkGoRun(argv []string) []string {
	args := argv[2:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		args = args[1:] // go run's own flags (-race); none of them takes a separate value here
	}
	if len(args) == 0 {
		return nil
	}
	dir := strings.TrimSuffix(strings.TrimPrefix(args[0], "./"), "/")
	if !chapterDirRE.MatchString(dir) || l.Usage == nil {
		return nil // a sub-package (its path is checked as a path) or no usage to check against
	}
	if !exists(filepath.Join(l.Root, dir)) {
		return nil // reported as a missing path
	}
	usage, err := l.Usage(dir)
	if err != nil {
		return []string{fmt.Sprintf("go run ./%s: cannot get its usage: %v", dir, err)}
	}
	return checkArgs(dir, parseUsage(usage), args[1:])
}

// usage is what a chapter program accepts: its demos and its flags (true for a bool flag).
type usage struct {
	demos []string
	flags map[string]bool
}

var flagLineRE = regexp.MustCompile(`^  -([\w.-]+)(?: (\S+))?(?:\t|$)`)

// parseUsage reads the usage text internal/cli prints for -h.
func parseUsage(text string) usage {
	u := usage{flags: map[string]bool{"h": true, "help": true}}
	section := ""
	for l := range strings.SplitSeq(text, "\n") {
		switch {
		case strings.HasPrefix(l, "demos"):
			section = "demos"
		case strings.HasPrefix(l, "flags:"):
			section = "flags"
		case section == "demos" && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
			if f := strings.Fields(l); len(f) > 0 {
				u.demos = append(u.demos, f[0])
			}
		case section == "flags":
			if m := flagLineRE.FindStringSubmatch(l); m != nil {
				u.flags[m[1]] = m[2] == ""
			}
		}
	}
	return u
}

// checkArgs checks the arguments after "go run ./dir" against the program's usage, the way
// internal/cli parses them: flags before and after one demo name.
func checkArgs(dir string, u usage, args []string) []string {
	var msgs []string
	demo := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			continue
		case placeholder(strings.TrimLeft(a, "-")):
			// DEMO, -FLAG: a placeholder in a description of the command line
		case strings.HasPrefix(a, "-") && len(a) > 1:
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			isBool, ok := u.flags[name]
			if !ok {
				msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no flag -%s (see go run ./%s -h)", dir, name, dir))
				continue
			}
			if !isBool && !hasValue {
				i++ // the flag's value
			}
		case strings.HasPrefix(a, "[") && strings.Contains(a, "|"):
			for alt := range strings.SplitSeq(strings.Trim(a, "[]"), "|") {
				if !slices.Contains(u.demos, alt) {
					msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no demo %q (it has %s)", dir, alt, strings.Join(u.demos, ", ")))
				}
			}
			demo = a
		case strings.HasPrefix(a, "[") || strings.HasPrefix(a, "<") || a == "...":
			// a placeholder, as in "[demo] [flags]"
		case demo == "":
			demo = a
			if !slices.Contains(u.demos, a) {
				msgs = append(msgs, fmt.Sprintf("go run ./%s: the program has no demo %q (it has %s)", dir, a, strings.Join(u.demos, ", ")))
			}
		default:
			msgs = append(msgs, fmt.Sprintf("go run ./%s: unexpected argument %q after demo %q", dir, a, demo))
		}
	}
	return msgs
}
