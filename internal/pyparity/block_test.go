package pyparity

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlock(t *testing.T) {
	file := filepath.Join(t.TempDir(), "README.md")
	page := "# Title\n\n```sh\nrun me\n```\n\n```go\nnot this\n```\n\n```text\none\ntwo\n```\n\n```text\nlater\n```\n"
	require.NoError(t, os.WriteFile(file, []byte(page), 0o644))
	assert.Equal(t, "one\ntwo\n", Block(t, file, "run me"), "Block(run me)")
	assert.Equal(t, "later\n", Block(t, file, "two"), "Block(two)")
}
