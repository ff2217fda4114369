package tool

import "testing"

func TestCache(t *testing.T) {
	if 2*2 != 4 {
		t.Fatal("2*2 is not 4")
	}
}
