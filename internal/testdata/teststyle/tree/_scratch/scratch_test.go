package scratch

import "testing"

func TestScratch(t *testing.T) {
	if 2*2 != 4 {
		t.Fatal("2*2 is not 4")
	}
}
