package loadavg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		load float64
		ok   bool
	}{
		{"0.52 0.58 0.59 1/467 12345\n", 0.52, true},
		{"12.00 3.10 1.00 9/500 1", 12, true},
		{"", 0, false},
		{"busy 1 1 1/1 1", 0, false},
		{"-1 0 0 1/1 1", 0, false},
	} {
		load, ok := parse(tc.in)
		if load != tc.load || ok != tc.ok {
			t.Errorf("parse(%q) = %v, %t, want %v, %t", tc.in, load, ok, tc.load, tc.ok)
		}
	}
}

func TestWarning(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	quiet, busy := write("quiet", "0.10 0.10 0.10 1/100 1\n"), write("busy", "4.50 1.00 1.00 5/100 1\n")
	for _, tc := range []struct {
		file  string
		cores int
		want  string
	}{
		{quiet, 2, ""},
		{busy, 8, ""},
		{busy, 2, "warning: load average 4.50 on 2 cores: "},
		{filepath.Join(dir, "missing"), 2, ""},
	} {
		t.Setenv(EnvFile, tc.file)
		got := Warning(tc.cores)
		if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
			t.Errorf("Warning(%d) with %s = %q, want a line starting %q", tc.cores, filepath.Base(tc.file), got, tc.want)
		}
	}
}

func TestAverages(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ content, want string }{
		"three and more": {"0.52 0.58 0.59 1/467 12345\n", "0.52 0.58 0.59"},
		"too few":        {"0.52\n", "unknown"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv(EnvFile, p)
		if got := Averages(); got != tc.want {
			t.Errorf("%s: Averages() = %q, want %q", name, got, tc.want)
		}
	}
	t.Setenv(EnvFile, filepath.Join(dir, "missing"))
	if got := Averages(); got != "unknown" {
		t.Errorf("missing file: Averages() = %q, want unknown", got)
	}
}

func TestStripWarning(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "busy")
	if err := os.WriteFile(p, []byte("4.50 1.00 1.00 5/100 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvFile, p)
	out := "title\n" + Warning(2) + "\nrow 1\nrow 2\n"
	if got, want := StripWarning(out), "title\nrow 1\nrow 2\n"; got != want {
		t.Errorf("StripWarning(%q) = %q, want %q", out, got, want)
	}
}
