package topic

import "testing"

// Not a test file: not reported.
func Check(t *testing.T) {
	if 1+1 != 2 {
		t.Error("1+1 is not 2")
	}
}
