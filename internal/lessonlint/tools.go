package lessonlint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Deadlines for the programs the lint starts, so that a stuck one fails the lint with its name
// instead of hanging it: a healthy run takes about a second each.
const (
	nodeTimeout  = 2 * time.Minute // node parse.mjs, over every diagram at once
	buildTimeout = 5 * time.Minute // go build of one chapter, on a cold cache
	helpTimeout  = 30 * time.Second
)

// run runs cmd, killing it after d; the error names the command and says it was stuck.
func run(cmd *exec.Cmd, d time.Duration) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("%s: still running after %v, killed", strings.Join(cmd.Args, " "), d)
	}
}

// MermaidDir is where the Mermaid parser lives, relative to the repository's root: a
// package.json that pins mermaid and jsdom, and parse.mjs. `npm install` there (CI does it)
// fetches the packages into its node_modules.
const MermaidDir = "internal/lessonlint/mermaid"

// NodeMermaid returns a parser that runs Mermaid's own parser with node, from dir (a
// MermaidDir). It fails, saying what is missing, when node or the installed packages are.
func NodeMermaid(dir string) (func(texts []string) ([]string, error), error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node is not installed: %w", err)
	}
	if !exists(filepath.Join(dir, "node_modules", "mermaid")) || !exists(filepath.Join(dir, "node_modules", "jsdom")) {
		return nil, fmt.Errorf("mermaid and jsdom are not installed in %s: run npm install --no-audit --no-fund there", dir)
	}
	return func(texts []string) ([]string, error) {
		in, err := json.Marshal(texts)
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(node, "parse.mjs")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(in)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := run(cmd, nodeTimeout); err != nil {
			return nil, fmt.Errorf("node parse.mjs: %v\n%s", err, stderr.String())
		}
		var out []*string
		if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
			return nil, fmt.Errorf("node parse.mjs: %v in %q", err, stdout.String())
		}
		if len(out) != len(texts) {
			return nil, fmt.Errorf("node parse.mjs: %d answers for %d diagrams", len(out), len(texts))
		}
		msgs := make([]string, len(out))
		for i, m := range out {
			if m != nil {
				msgs[i] = *m
				if msgs[i] == "" {
					msgs[i] = "parse error"
				}
			}
		}
		return msgs, nil
	}, nil
}

// BuiltUsage returns a Usage function that builds each chapter's program once, into tmp, and
// asks it for its usage with -h.
func BuiltUsage(root, tmp string) func(dir string) (string, error) {
	var mu sync.Mutex
	cache := map[string]string{}
	errs := map[string]error{}
	return func(dir string) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if u, ok := cache[dir]; ok {
			return u, errs[dir]
		}
		bin := filepath.Join(tmp, filepath.Base(dir))
		build := exec.Command("go", "build", "-o", bin, "./"+dir)
		build.Dir = root
		var combined bytes.Buffer
		build.Stdout, build.Stderr = &combined, &combined
		err := run(build, buildTimeout)
		out := combined.Bytes()
		if err != nil {
			err = fmt.Errorf("go build ./%s: %v\n%s", dir, err, out)
		} else {
			var stdout, stderr bytes.Buffer
			help := exec.Command(bin, "-h")
			help.Dir = root
			help.Stdout, help.Stderr = &stdout, &stderr
			if err = run(help, helpTimeout); err != nil {
				err = fmt.Errorf("%s -h: %v\n%s", dir, err, stderr.String())
			}
			out = stdout.Bytes()
			if !strings.Contains(string(out), "demos") {
				err = errors.Join(err, fmt.Errorf("%s -h printed no list of demos: %q", dir, out))
			}
		}
		cache[dir], errs[dir] = string(out), err
		return string(out), err
	}
}

// GOROOT returns the installed Go's root directory, as `go env GOROOT` prints it.
func GOROOT() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	root := strings.TrimSpace(string(out))
	if !exists(filepath.Join(root, "src", "runtime", "proc.go")) {
		return "", fmt.Errorf("no Go source in %s", filepath.Join(root, "src"))
	}
	return root, nil
}

// InCI reports whether the lint runs in CI (CI=true), where a check it cannot run is a failure,
// not a skip.
func InCI() bool { return os.Getenv("CI") == "true" }
