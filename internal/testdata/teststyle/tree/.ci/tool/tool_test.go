package tool

import "testing"

func TestTool(t *testing.T) {
	if 2*2 != 4 {
		t.Fatal("2*2 is not 4")
	}
}
