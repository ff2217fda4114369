package lessonlint

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

var ruleRE = regexp.MustCompile(`^([A-Za-z0-9_.%/$() -]+?)\s*::?(?:[^=]|$)`)

// makeTargets reads the targets a Makefile defines.
func makeTargets(makefile string) (map[string]bool, error) {
	f, err := os.Open(makefile)
	if os.IsNotExist(err) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	targets := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := ruleRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for t := range strings.FieldsSeq(m[1]) {
			targets[t] = true
		}
	}
	return targets, sc.Err()
}

// checkMake checks that every target of a make command line is the Makefile's.
func checkMake(argv []string, targets map[string]bool) []string {
	var msgs []string
	for _, a := range argv[1:] {
		if strings.HasPrefix(a, "-") || strings.Contains(a, "=") || placeholder(a) {
			continue
		}
		if !targets[a] {
			msgs = append(msgs, fmt.Sprintf("make %s: the Makefile has no target %q", a, a))
		}
	}
	return msgs
}
