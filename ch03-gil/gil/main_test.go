package gil

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine, a simulated thread say, outlives them.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
