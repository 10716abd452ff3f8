package livechat_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/livechat-go/livechat"
	"golang.org/x/oauth2"
)

const secret = "S3CR3T-value"

func allCredentials() map[string]livechat.Credentials {
	return map[string]livechat.Credentials{
		"bearer": livechat.NewBearerToken("dal:" + secret),
		"pat":    livechat.NewPAT("acc-uuid", "fra:"+secret),
		"apikey": livechat.NewAPIKey("agent@example.com", secret),
		"oauth2": livechat.NewTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "dal:" + secret})),
	}
}

// leaks reports whether s reveals the secret, plainly or base64-encoded.
func leaks(t *testing.T, c livechat.Credentials, s string) bool {
	t.Helper()
	if strings.Contains(s, secret) {
		return true
	}
	auth, err := c.Authorize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, val, _ := strings.Cut(auth.Header(), " ")
	return strings.Contains(s, val)
}

func TestCredentialsNeverPrinted(t *testing.T) {
	for name, c := range allCredentials() {
		auth, err := c.Authorize(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var outs []string
		vals := []any{c, auth}
		switch v := c.(type) {
		case *livechat.BearerToken:
			vals = append(vals, *v)
		case *livechat.PersonalAccessToken:
			vals = append(vals, *v)
		case *livechat.APIKey:
			vals = append(vals, *v)
		case *livechat.OAuth2:
			vals = append(vals, *v)
		}
		for _, v := range vals {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				outs = append(outs, fmt.Sprintf(verb, v))
			}
			outs = append(outs, fmt.Sprint(v), fmt.Sprintf("%v", struct{ C any }{v}), fmt.Sprintf("%+v", []any{v}),
				fmt.Sprintf("%+v", struct{ c any }{v}), fmt.Sprintf("%#v", struct{ c any }{v}))
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "cred", v, slog.Any("any", v))
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "cred", v)
			outs = append(outs, buf.String())
			b, _ := json.Marshal(v)
			outs = append(outs, string(b))
		}
		// An error that wraps the credential's printed form.
		outs = append(outs, fmt.Errorf("call failed with %v", c).Error())
		for _, o := range outs {
			if leaks(t, c, o) {
				t.Errorf("%s: secret leaked: %s", name, o)
			}
		}
	}
}

func TestAuthorizationHeaders(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		c      livechat.Credentials
		header string
		region livechat.Region
	}{
		{livechat.NewBearerToken("dal:abc"), "Bearer dal:abc", livechat.RegionUS},
		{livechat.NewBearerToken("Bearer fra:abc"), "Bearer fra:abc", livechat.RegionEU},
		{livechat.NewBearerToken("plain"), "Bearer plain", ""},
		{livechat.NewPAT("acc", "fra:pat"), "Basic " + base64.StdEncoding.EncodeToString([]byte("acc:fra:pat")), livechat.RegionEU},
		{livechat.NewAPIKey("a@b.c", "key"), "Basic " + base64.StdEncoding.EncodeToString([]byte("a@b.c:key")), ""},
	}
	for _, c := range cases {
		a, err := c.c.Authorize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Header() != c.header || a.Region != c.region {
			t.Errorf("%v: header %q region %q; want %q %q", c.c, a.Header(), a.Region, c.header, c.region)
		}
	}
	for _, bad := range []livechat.Credentials{
		livechat.NewBearerToken(""), livechat.NewPAT("", "x"), livechat.NewPAT("a", ""),
		livechat.NewAPIKey("", "k"), livechat.NewAPIKey("l", ""), livechat.NewTokenSource(nil),
	} {
		if _, err := bad.Authorize(ctx); err == nil {
			t.Errorf("%v: no error for an empty credential", bad)
		}
	}
}

type countingSource struct{ n atomic.Int32 }

func (s *countingSource) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: fmt.Sprintf("dal:tok-%d", s.n.Add(1))}, nil
}

func TestTokenSourceRefreshedTokenUsedNextCall(t *testing.T) {
	src := &countingSource{}
	c := livechat.NewTokenSource(src)
	a1, _ := c.Authorize(context.Background())
	a2, _ := c.Authorize(context.Background())
	if a1.Header() != "Bearer dal:tok-1" || a2.Header() != "Bearer dal:tok-2" {
		t.Errorf("headers %q, %q: each call must ask the source", a1.Header(), a2.Header())
	}
}

func TestConfigRegion(t *testing.T) {
	fra, _ := livechat.NewBearerToken("fra:x").Authorize(context.Background())
	if r := livechat.NewConfig().RegionFor(fra); r != livechat.RegionEU {
		t.Errorf("token prefix ignored: %s", r)
	}
	if r := livechat.NewConfig(livechat.WithRegion(livechat.RegionUS)).RegionFor(fra); r != livechat.RegionUS {
		t.Errorf("explicit region ignored: %s", r)
	}
	if err := livechat.NewConfig(livechat.WithRegion("mars")).Validate(); err == nil {
		t.Error("unknown region accepted")
	}
	if _, err := livechat.ParseAPIVersion("v3.6"); err != nil {
		t.Error(err)
	}
	if _, err := livechat.ParseAPIVersion("2"); err == nil {
		t.Error("version 2 accepted")
	}
}
