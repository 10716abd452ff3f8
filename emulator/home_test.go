package emulator_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/emulator/store"
)

func getHome(t *testing.T, url, accept string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/", nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestHomePage: GET / answers an HTML page naming every API, with the
// well-known credentials (the emulator listens on loopback) and links that
// all answer; Accept: application/json gets the same as JSON, with the
// credentials that `livechat credentials --url` reads.
func TestHomePage(t *testing.T) {
	srv := emulator.NewTest(t)
	c := srv.Credentials()

	res, page := getHome(t, srv.URL(), "text/html,*/*;q=0.8")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), page)
	}
	for _, want := range []string{"Agent Chat API", "Customer Chat API", "Configuration API", "REST API v2", "Webhooks", "OAuth",
		srv.URL() + "/v3.6/agent/action/&lt;action&gt;", c.Owner.Token, c.Agent.Token, c.Owner.APIKey, c.Bot.Token,
		c.Customers[0].Token, c.OrganizationID, c.LicenseID} {
		if !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	links := regexp.MustCompile(`<a href="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(links) < 1 {
		t.Fatalf("home page has %d links:\n%s", len(links), page)
	}
	for _, l := range links {
		r, err := http.Get(srv.URL() + l[1])
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode >= 400 {
			t.Errorf("the home page links to %s, which answers %d", l[1], r.StatusCode)
		}
	}

	res, body := getHome(t, srv.URL(), "application/json")
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("JSON: %s\n%s", res.Header.Get("Content-Type"), body)
	}
	var got struct {
		Name        string                  `json:"name"`
		BaseURL     string                  `json:"base_url"`
		APIs        []struct{ Name string } `json:"apis"`
		Links       []struct{ Path string } `json:"links"`
		Credentials *emulator.Credentials   `json:"credentials"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.BaseURL != srv.URL() || len(got.APIs) < 6 || len(got.Links) != len(links) {
		t.Errorf("JSON home = %+v", got)
	}
	if got.Credentials == nil || got.Credentials.Owner.Token != c.Owner.Token || got.Credentials.Owner.APIKey != c.Owner.APIKey ||
		got.Credentials.URL != srv.URL() || len(got.Credentials.Customers) != len(c.Customers) {
		t.Errorf("JSON credentials = %+v", got.Credentials)
	}

	// Other methods on / keep answering the documented not-found error.
	r, err := http.Post(srv.URL()+"/", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 404 || !strings.Contains(string(b), `"type":"not_found"`) {
		t.Errorf("POST /: %d %s", r.StatusCode, b)
	}
}

// TestHomePageHidesCredentialsOffLoopback: an emulator that is not known to
// listen on loopback (here: its Handler served by another server) shows no
// credential on its home page, only where to find them.
func TestHomePageHidesCredentialsOffLoopback(t *testing.T) {
	srv, err := emulator.New(context.Background(), emulator.Config{DataDir: store.Memory})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	front := httptest.NewServer(srv.Handler())
	defer front.Close()
	c := srv.Credentials()
	for _, accept := range []string{"text/html", "application/json"} {
		_, body := getHome(t, front.URL, accept)
		for _, secret := range []string{c.Owner.Token, c.Owner.PAT, c.Owner.APIKey, c.Agent.Token, c.Bot.Token, c.Customers[0].Token, c.ReadOnly.Token} {
			if strings.Contains(body, secret) {
				t.Errorf("%s home page off loopback shows %q", accept, secret)
			}
		}
		if !strings.Contains(body, "loopback") || !strings.Contains(body, "Agent Chat API") {
			t.Errorf("%s home page off loopback:\n%s", accept, body)
		}
	}
}
