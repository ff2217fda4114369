// This file runs the programs the lint needs: node for Mermaid's parser, go build and -h for a
// chapter's usage, go env for GOROOT.

package lessonlint

import (
	"bytes"
	"context"
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
	// waitDelay bounds the wait for a killed program's output: a child it left behind may hold
	// the pipes open (exec.Cmd.WaitDelay).
	waitDelay = 2 * time.Second
)

// run runs the program name with args, killed after d (exec.CommandContext); setup, if not
// nil, sets its directory, input and outputs. The error names the program and, if it was
// killed, says it was stuck.
func run(d time.Duration, setup func(*exec.Cmd), name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = waitDelay
	if setup != nil {
		setup(cmd)
	}
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s: still running after %v, killed", strings.Join(cmd.Args, " "), d)
	}
	return err
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
		var stdout, stderr bytes.Buffer
		err = run(nodeTimeout, func(cmd *exec.Cmd) {
			cmd.Dir = dir
			cmd.Stdin = bytes.NewReader(in)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
		}, node, "parse.mjs")
		if err != nil {
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
		var combined bytes.Buffer
		err := run(buildTimeout, func(cmd *exec.Cmd) {
			cmd.Dir = root
			cmd.Stdout, cmd.Stderr = &combined, &combined
		}, "go", "build", "-o", bin, "./"+dir)
		out := combined.Bytes()
		if err != nil {
			err = fmt.Errorf("go build ./%s: %v\n%s", dir, err, out)
		} else {
			var stdout, stderr bytes.Buffer
			err = run(helpTimeout, func(cmd *exec.Cmd) {
				cmd.Dir = root
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
			}, bin, "-h")
			if err != nil {
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
	var stdout bytes.Buffer
	err := run(helpTimeout, func(cmd *exec.Cmd) { cmd.Stdout = &stdout }, "go", "env", "GOROOT")
	out := stdout.Bytes()
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
