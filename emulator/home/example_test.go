package home_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/livechat-go/livechat/emulator/home"
)

// A server hands the page what it serves; the handler answers HTML or,
// when asked, JSON.
func ExampleHandler() {
	h := home.Handler(home.SourceFunc(func(r *http.Request) home.Page {
		return home.Page{
			Name: "LiveChat emulator", Version: "0.1.0", BaseURL: "http://" + r.Host,
			APIs:  []home.API{{Name: "Agent Chat API", Endpoints: []string{"http://" + r.Host + "/v3.6/agent/action/<action>"}}},
			Links: []home.Link{{Path: "/healthz", Title: "health check"}},
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Println(res.Header.Get("Content-Type"))
	fmt.Println(len(body) > 0)
	// Output:
	// application/json; charset=utf-8
	// true
}
