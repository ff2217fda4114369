package site

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// waitDiagrams tries its poll again when Chromium answers that the page's JavaScript context is
// gone, which it does just after a reload (TestSiteInChromium failed so in CI, on a busy
// machine), and gives up at once on any other error.
func TestContextGone(t *testing.T) {
	for _, tc := range []struct {
		err  error
		gone bool
	}{
		{errors.New("Cannot find context with specified id (-32000)"), true},
		{fmt.Errorf("poll: %w", errors.New("Execution context was destroyed. (-32000)")), true},
		{errors.New("context deadline exceeded"), false},
		{errors.New("net::ERR_CONNECTION_REFUSED"), false},
	} {
		assert.Equal(t, tc.gone, contextGone(tc.err), "%v", tc.err)
	}
}
