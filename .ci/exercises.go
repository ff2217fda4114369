// Command exercises proves that the book's exercises (chNN-topic/exercises/<n>-<name>/) hold
// together. Run it from .ci/exercises (`bash .ci/exercises`), at the module root. For every
// exercise folder it checks that:
//
//  1. the folder has README.md, exercise.go (//go:build !solution), solution.go
//     (//go:build solution), check_test.go (DO NOT EDIT on its first line), and at least one
//     kept wrong answer testdata/wrong-<mistake>.go (//go:build !solution) whose header has
//     one or more lines "//	want: <text>" (more than one where a wrong answer fails in one
//     of two ways, by chance: a race the detector reports, or the hang it causes);
//  2. the check REJECTS the unsolved starter under EXERCISE_STRICT=1 (a starter that does not
//     build is an error, not a rejection);
//  3. the check PASSES the reference solution (-tags solution), under -race when the README's
//     check command uses -race;
//  4. the check FAILS every wrong answer, built in place of exercise.go (go test -overlay, with
//     -race as in 3), and its output contains one of that file's want: texts;
//  5. on a fresh clone (no tag, no EXERCISE_STRICT) the check passes or skips;
//  6. go vet is clean with the solution tag.
//
// It reads `go test -json`, prints one row per exercise and one per wrong answer, and exits 1
// if any row is not PASS.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

type wrong struct {
	file  string
	wants []string // the output must contain one of them
}

type exercise struct {
	dir, pkg string
	race     bool // the README's check command uses -race
	wrongs   []wrong
	problems []string
}

// result is one package's outcome in one go test run: pass, fail, skip, build, or "" (missing).
type result struct {
	status string
	output strings.Builder
}

type run map[string]*result // by import path

func (r run) of(pkg string) *result {
	if r[pkg] == nil {
		return &result{}
	}
	return r[pkg]
}

func main() {
	mod := strings.TrimSpace(output("go", "list", "-m"))
	dirs, _ := filepath.Glob("ch*/exercises/*")
	var exs []*exercise
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			exs = append(exs, load(mod, filepath.ToSlash(d)))
		}
	}
	if len(exs) == 0 {
		fmt.Println("no exercises found")
		os.Exit(1)
	}
	tmp, err := os.MkdirTemp("", "exercises")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)

	all := pkgs(exs, func(*exercise) bool { return true })
	strict := goTest(all, nil, "EXERCISE_STRICT=1")
	fresh := goTest(all, nil)
	solution := merge(
		goTest(pkgs(exs, func(e *exercise) bool { return !e.race }), []string{"-tags", "solution"}),
		goTest(pkgs(exs, func(e *exercise) bool { return e.race }), []string{"-race", "-tags", "solution"}))
	// Round k builds every exercise's k-th wrong answer, so one go test covers many folders.
	var rounds []run
	for k := 0; ; k++ {
		has := func(e *exercise) bool { return len(e.wrongs) > k }
		if len(pkgs(exs, has)) == 0 {
			break
		}
		ov := filepath.Join(tmp, fmt.Sprintf("overlay%d.json", k))
		replace := map[string]string{}
		for _, e := range exs {
			if has(e) {
				abs, _ := filepath.Abs(e.dir)
				replace[filepath.Join(abs, "exercise.go")] = filepath.Join(abs, "testdata", e.wrongs[k].file)
			}
		}
		b, _ := json.Marshal(map[string]any{"Replace": replace})
		if err := os.WriteFile(ov, b, 0o644); err != nil {
			fail(err)
		}
		rounds = append(rounds, merge(
			goTest(pkgs(exs, func(e *exercise) bool { return has(e) && !e.race }), []string{"-overlay", ov}),
			goTest(pkgs(exs, func(e *exercise) bool { return has(e) && e.race }), []string{"-race", "-overlay", ov})))
	}
	vetOut, vetErr := exec.Command("go", append([]string{"vet", "-tags", "solution"}, all...)...).CombinedOutput()

	fails := 0
	row := func(name, files, starter, solution, fresh, verdict string) {
		fmt.Printf("%-48s %-6s %-9s %-9s %-7s %s\n", name, files, starter, solution, fresh, verdict)
	}
	show := func(why string, r *result) {
		fmt.Printf("    %s\n", why)
		if r != nil {
			for _, l := range strings.Split(strings.TrimRight(r.output.String(), "\n"), "\n") {
				fmt.Printf("    | %s\n", l)
			}
		}
	}
	row("EXERCISE / wrong answer", "FILES", "STARTER", "SOLUTION", "FRESH", "RESULT")
	for _, e := range exs {
		files := "ok"
		if len(e.problems) > 0 {
			files = "BAD"
		}
		st, so, fr := strict.of(e.pkg), solution.of(e.pkg), fresh.of(e.pkg)
		starter := map[string]string{"fail": "rejected", "pass": "ACCEPTED"}[st.status]
		sol := map[string]string{"pass": "passes"}[so.status]
		frs := map[string]string{"pass": "green", "skip": "green"}[fr.status]
		ok := files == "ok" && starter == "rejected" && sol == "passes" && frs == "green"
		row(e.dir, files, or(starter, st.status), or(sol, so.status), or(frs, fr.status), verdict(ok, &fails))
		if files != "ok" {
			fmt.Printf("    %s\n", strings.Join(e.problems, "; "))
		}
		if starter != "rejected" {
			show("the check must fail the unsolved starter under EXERCISE_STRICT=1:", st)
		}
		if sol != "passes" {
			show("the check must pass solution.go (-tags solution):", so)
		}
		if frs != "green" {
			show("on a fresh clone the check must pass or skip:", fr)
		}
		for k, w := range e.wrongs {
			r := rounds[k].of(e.pkg)
			var caught string
			switch {
			case r.status == "fail" && slices.ContainsFunc(w.wants, func(want string) bool {
				return strings.Contains(r.output.String(), want)
			}):
				caught = "caught"
			case r.status == "fail":
				caught = "no-want"
			case r.status == "pass":
				caught = "MISSED"
			default:
				caught = or(r.status, "missing")
			}
			row("  "+w.file, "", "", caught, "", verdict(caught == "caught", &fails))
			if caught != "caught" {
				show(fmt.Sprintf("the check must fail %s, saying: %s", w.file, strings.Join(w.wants, ", or: ")), r)
			}
		}
	}
	row(fmt.Sprintf("go vet -tags solution (%d packages)", len(all)), "", "", "", "", verdict(vetErr == nil, &fails))
	if vetErr != nil {
		fmt.Printf("%s", vetOut)
	}
	if fails > 0 {
		fmt.Printf("\n%d failure(s). STARTER must be rejected (EXERCISE_STRICT=1), SOLUTION passes\n"+
			"(-tags solution), FRESH green (go test), and every wrong answer caught with its want: text.\n", fails)
		os.Exit(1)
	}
	fmt.Println("\nevery exercise: the check rejects its starter and every kept wrong answer, and passes its solution")
}

var wantLine = regexp.MustCompile(`(?m)^//\twant: (.+)$`)

// load reads one exercise folder and notes what is missing from it.
func load(mod, dir string) *exercise {
	e := &exercise{dir: dir, pkg: mod + "/" + dir}
	first := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return ""
		}
		line, _, _ := strings.Cut(string(b), "\n")
		return line
	}
	if readme, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil {
		e.problems = append(e.problems, "no README.md")
	} else {
		e.race = regexp.MustCompile(`(?m)^go test .*-race .*\./` + regexp.QuoteMeta(dir) + `\s*(#|$)`).Match(readme)
	}
	if first("exercise.go") != "//go:build !solution" {
		e.problems = append(e.problems, "exercise.go lacks //go:build !solution")
	}
	if first("solution.go") != "//go:build solution" {
		e.problems = append(e.problems, "solution.go lacks //go:build solution")
	}
	if !strings.Contains(first("check_test.go"), "DO NOT EDIT") {
		e.problems = append(e.problems, "check_test.go lacks DO NOT EDIT")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "testdata", "wrong*.go"))
	for _, f := range files {
		name := filepath.Base(f)
		b, _ := os.ReadFile(f)
		var wants []string
		for _, m := range wantLine.FindAllSubmatch(b, -1) {
			wants = append(wants, strings.TrimSpace(string(m[1])))
		}
		switch {
		case !strings.HasPrefix(name, "wrong-"):
			e.problems = append(e.problems, name+" is not named wrong-<mistake>.go")
		case first("testdata/"+name) != "//go:build !solution":
			e.problems = append(e.problems, name+" lacks //go:build !solution")
		case len(wants) == 0:
			e.problems = append(e.problems, name+" has no \"//\twant: \" line")
		default:
			e.wrongs = append(e.wrongs, wrong{name, wants})
		}
	}
	if len(e.wrongs) == 0 {
		e.problems = append(e.problems, "no testdata/wrong-<mistake>.go")
	}
	return e
}

func pkgs(exs []*exercise, keep func(*exercise) bool) []string {
	var out []string
	for _, e := range exs {
		if keep(e) {
			out = append(out, e.pkg)
		}
	}
	return out
}

// goTest runs go test -json over pkgs and collects each package's status and output.
func goTest(pkgs, flags []string, env ...string) run {
	r := run{}
	if len(pkgs) == 0 {
		return r
	}
	cmd := exec.Command("go", append(append([]string{"test", "-count=1", "-json"}, flags...), pkgs...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, _ := cmd.Output() // failing tests exit 1: the events say which
	get := func(pkg string) *result {
		if r[pkg] == nil {
			r[pkg] = &result{}
		}
		return r[pkg]
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var ev struct{ Action, Package, Test, Output, ImportPath, FailedBuild string }
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		switch {
		case ev.Action == "build-output":
			pkg, _, _ := strings.Cut(ev.ImportPath, " ")
			get(pkg).output.WriteString(ev.Output)
		case ev.Package == "":
		case ev.Action == "output":
			get(ev.Package).output.WriteString(ev.Output)
		case ev.Test == "" && ev.FailedBuild != "":
			get(ev.Package).status = "build"
		case ev.Test == "" && slices.Contains([]string{"pass", "fail", "skip"}, ev.Action):
			get(ev.Package).status = ev.Action
		}
	}
	for _, p := range pkgs { // a package with no events at all: say why, from stderr
		if res := get(p); res.status == "" {
			res.output.WriteString(stderr.String())
		}
	}
	return r
}

// merge joins runs over disjoint packages, keyed by import path.
func merge(runs ...run) run {
	m := run{}
	for _, r := range runs {
		for k, v := range r {
			m[k] = v
		}
	}
	return m
}

func output(name string, args ...string) string {
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		fail(fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err))
	}
	return string(b)
}

func verdict(ok bool, fails *int) string {
	if ok {
		return "PASS"
	}
	*fails++
	return "FAIL"
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	if b == "" {
		return "missing"
	}
	return b
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "exercises:", err)
	os.Exit(1)
}
