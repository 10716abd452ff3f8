package emulator

import (
	"slices"
	"testing"

	"github.com/livechat-go/livechat/emulator/home"
)

// TestHomeLinksOnlyServedPages: an optional page is linked only when the
// server answers it; one that answers 404 is left out.
func TestHomeLinksOnlyServedPages(t *testing.T) {
	old := homeOptional
	t.Cleanup(func() { homeOptional = old })
	homeOptional = []home.Link{{Path: "/healthz", Title: "served"}, {Path: "/no/such/page", Title: "not served"}}
	srv := NewTest(t)
	got := srv.servedOptionalLinks()
	if !slices.Equal(got, []home.Link{{Path: "/healthz", Title: "served"}}) {
		t.Errorf("servedOptionalLinks() = %+v, want only the served page", got)
	}
}
