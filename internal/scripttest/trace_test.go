package scripttest

import "testing"

func TestTraceNamesRejectsGarbage(t *testing.T) {
	if _, _, err := TraceNames("trace_test.go"); err == nil {
		t.Errorf("TraceNames(a Go file) succeeded, want an error")
	}
}
