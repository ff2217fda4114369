package lessonmark_test

import (
	"fmt"

	"github.com/concurrency-models/book/internal/lessonmark"
)

func Example() {
	lesson := "# Blocking\n" +
		"\n" +
		"<!-- golden: sleep.txtar stdout -->\n" +
		"```text\n" +
		"Task-1 done\n" +
		"```\n" +
		"\n" +
		"<!-- regen: go run ./ch03-gil cpu # shape: testdata/measured.txtar cpu.txt -->\n" +
		"```text\n" +
		"2 threads: 1.02x\n" +
		"```\n"
	page, err := lessonmark.Parse("ch01-blocking/README.md", []byte(lesson))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range page.Markers {
		fmt.Printf("%s:%d %s %s %s -> %s", m.File, m.Line, m.Kind, m.Archive(), m.Section, m.Block.Body)
		if m.Kind == lessonmark.Regen {
			fmt.Printf("  runs %q\n", m.Command)
		}
	}

	_, err = lessonmark.Parse("ch01-blocking/README.md", []byte("<!-- gloden: sleep.txtar stdout -->\n```text\n```\n"))
	fmt.Println(err)
	// Output:
	// ch01-blocking/README.md:3 golden ch01-blocking/testdata/script/sleep.txtar stdout -> Task-1 done
	// ch01-blocking/README.md:8 regen ch01-blocking/testdata/measured.txtar cpu.txt -> 2 threads: 1.02x
	//   runs "go run ./ch03-gil cpu"
	// ch01-blocking/README.md:1: unknown marker "gloden:": the book's markers are <!-- golden: ... --> and <!-- regen: ... -->
}
