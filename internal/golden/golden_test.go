package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a T that records what a check reported, so that a test can assert that a check
// fails when it should.
type recorder struct{ errors, fatals []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

func TestSection(t *testing.T) {
	archive := filepath.Join(t.TempDir(), "a.txtar")
	require.NoError(t, os.WriteFile(archive, []byte("comment\n-- one.txt --\n1\n-- two.txt --\n2\n"), 0o644))
	got, err := Section(archive, "two.txt")
	require.NoError(t, err)
	assert.Equal(t, "2\n", got)
	_, err = Section(archive, "three.txt")
	assert.ErrorContains(t, err, "no section three.txt")
	assert.Equal(t, "1\n", Read(t, archive, "one.txt"))
	var r recorder
	Read(&r, archive, "three.txt")
	assert.Len(t, r.fatals, 1, "Read fails the test for a missing section")
}

func TestCompare(t *testing.T) {
	t.Setenv("UPDATE_GOLDEN", "")
	archive := filepath.Join(t.TempDir(), "a.txtar")
	require.NoError(t, os.WriteFile(archive, []byte("-- out.txt --\nwant\n"), 0o644))

	var r recorder
	Compare(&r, archive, "out.txt", "want\n")
	assert.Empty(t, r.errors)
	assert.Empty(t, r.fatals)

	Compare(&r, archive, "out.txt", "got\n")
	require.Len(t, r.errors, 1, "a different run fails")
	assert.Contains(t, r.errors[0], "(-golden +got)")
	assert.Contains(t, r.errors[0], `"got\n"`)

	Compare(&r, archive, "nosuch.txt", "got\n")
	require.Len(t, r.fatals, 1, "a missing section fails")
	assert.Contains(t, r.fatals[0], "UPDATE_GOLDEN=1")
}

func TestCompareUpdates(t *testing.T) {
	t.Setenv("UPDATE_GOLDEN", "1")
	dir := t.TempDir()
	archive := filepath.Join(dir, "new.txtar")
	Compare(t, archive, "a.txt", "first\n")
	Compare(t, archive, "b.txt", "second\n")
	Compare(t, archive, "a.txt", "changed\n")
	assert.Equal(t, "changed\n", Read(t, archive, "a.txt"))
	assert.Equal(t, "second\n", Read(t, archive, "b.txt"))

	file := filepath.Join(dir, "picture.svg")
	CompareFile(t, file, "<svg/>\n")
	t.Setenv("UPDATE_GOLDEN", "")
	var r recorder
	CompareFile(&r, file, "<svg/>\n")
	assert.Empty(t, r.errors)
	CompareFile(&r, file, "<svg></svg>\n")
	assert.Len(t, r.errors, 1, "a different file fails")
}
