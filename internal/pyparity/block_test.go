package pyparity

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBlock(t *testing.T) {
	file := filepath.Join(t.TempDir(), "README.md")
	page := "# Title\n\n```sh\nrun me\n```\n\n```go\nnot this\n```\n\n```text\none\ntwo\n```\n\n```text\nlater\n```\n"
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := Block(t, file, "run me"), "one\ntwo\n"; got != want {
		t.Errorf("Block(run me) = %q, want %q", got, want)
	}
	if got, want := Block(t, file, "two"), "later\n"; got != want {
		t.Errorf("Block(two) = %q, want %q", got, want)
	}
}
