package topic

import "testing"

func TestTopic(t *testing.T) {
	if 1+1 != 2 {
		t.Error("1+1 is not 2")
	}
}
