package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/clitest"
)

// Every demo fails, in one line and with status 1, when its output cannot be written.
func TestWriteErrors(t *testing.T) { clitest.WriteErrors(t, app, "-quick") }
