package lessonlint

import (
	"regexp"
	"strings"
)

var assignRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// commands splits a shell command line into simple commands (argument vectors), dropping
// leading VAR=value assignments. Quotes are honoured; a comment ends the line. A bracketed
// list of alternatives, [a|b|c] (written [a\|b\|c] in a table), is one word.
func commands(s string) [][]string {
	s = strings.ReplaceAll(s, `\|`, "|")
	var cmds [][]string
	var argv []string
	var word strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			argv = append(argv, word.String())
			word.Reset()
			inWord = false
		}
	}
	flushCmd := func() {
		flushWord()
		for len(argv) > 0 && assignRE.MatchString(argv[0]) {
			argv = argv[1:]
		}
		if len(argv) > 0 {
			cmds = append(cmds, argv)
		}
		argv = nil
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				j = len(s) - i - 1
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '[':
			depth++
			word.WriteByte(c)
			inWord = true
		case c == ']' && depth > 0:
			depth--
			word.WriteByte(c)
		case depth > 0:
			word.WriteByte(c)
		case c == ' ' || c == '\t':
			flushWord()
		case c == '#' && !inWord:
			flushCmd()
			return cmds
		case strings.IndexByte(";&|()<>", c) >= 0:
			if (c == '>' || c == '<') && inWord && strings.Trim(word.String(), "0123456789") == "" {
				word.Reset() // the 2 of 2>&1
				inWord = false
			}
			flushCmd()
			// Redirections take the next word as a file name, not an argument.
			if c == '>' || c == '<' {
				for i+1 < len(s) && strings.IndexByte(">&0123456789 ", s[i+1]) >= 0 {
					i++
				}
				for i+1 < len(s) && s[i+1] != ' ' {
					i++
				}
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flushCmd()
	return cmds
}

// checkCommand checks one simple command: make targets (make.go), and go run of a chapter
// (gorun.go).
func (l *Linter) checkCommand(argv []string, targets map[string]bool) []string {
	switch {
	case argv[0] == "make":
		return checkMake(argv, targets)
	case argv[0] == "go" && len(argv) > 2 && argv[1] == "run":
		return l.checkGoRun(argv)
	}
	return nil
}

// placeholder reports whether a word stands for what the reader fills in: all capitals, such
// as TARGET or DEMO.
func placeholder(word string) bool {
	return placeholderRE.MatchString(word)
}

var placeholderRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
