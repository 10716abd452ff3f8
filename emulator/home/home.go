// Package home renders the emulator's home page, the answer to GET / on
// the emulator's base URL: a small HTML page for a person who opens the
// URL in a browser, or JSON for a program (Accept: application/json or
// ?format=json). It says what the emulator serves, lists links to its
// other pages, and shows the well-known credentials when the emulator
// chose to publish them (it does only when it listens on loopback).
//
// The page knows nothing of the emulator: the emulator implements Source
// and the page renders the Page it returns.
package home

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// API is one interface the emulator serves.
type API struct {
	// Name is the API's name ("Agent Chat API").
	Name string `json:"name"`
	// Endpoints are its URLs or URL patterns ("http://…/v3.6/agent/action/<action>").
	Endpoints []string `json:"endpoints"`
	// Note says how to call it (headers, versions, authentication).
	Note string `json:"note,omitempty"`
}

// Link is a page or document of the emulator worth opening.
type Link struct {
	// Path is the link, relative to the base URL ("/openapi.json").
	Path string `json:"path"`
	// Title says what it is.
	Title string `json:"title"`
}

// Credential is one row of the well-known credentials table of the HTML
// page. The JSON form carries Page.Credentials instead.
type Credential struct {
	Who    string // "owner owner@livechat.local"
	Bearer string // Bearer access token
	PAT    string // "account_id:PAT", for HTTP Basic
	APIKey string // REST API v2 "login:API key", for HTTP Basic
}

// Page is what the home page shows.
type Page struct {
	// Name is the product ("LiveChat emulator") and Version its version.
	Name    string `json:"name"`
	Version string `json:"version"`
	// BaseURL is the URL every path is relative to.
	BaseURL string `json:"base_url"`
	// OrganizationID, LicenseID and ClientID identify the emulated account.
	OrganizationID string `json:"organization_id"`
	LicenseID      string `json:"license_id"`
	ClientID       string `json:"client_id"`
	APIs           []API  `json:"apis"`
	// Links lists only pages the emulator serves.
	Links []Link `json:"links"`
	// Credentials is the JSON form of the well-known credentials, nil when
	// they are not published.
	Credentials any `json:"credentials,omitempty"`
	// CredentialRows are the same credentials for the HTML table.
	CredentialRows []Credential `json:"-"`
	// CredentialsHidden says why the credentials are not shown, when they are not.
	CredentialsHidden string `json:"credentials_hidden,omitempty"`
}

// Source gives the page to show for a request.
type Source interface {
	HomePage(r *http.Request) Page
}

// SourceFunc adapts a function to Source.
type SourceFunc func(r *http.Request) Page

// HomePage implements Source.
func (f SourceFunc) HomePage(r *http.Request) Page { return f(r) }

//go:embed home.html.tmpl
var pageHTML string

var tmpl = template.Must(template.New("home").Parse(pageHTML))

// Handler answers GET and HEAD with the page of src: JSON when the client
// asks for it (Accept: application/json, or ?format=json), HTML
// otherwise. Other methods get 405 with an Allow header.
func Handler(src Source) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
			return
		}
		p := src.HomePage(r)
		var body []byte
		var ctype string
		if WantsJSON(r) {
			b, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				http.Error(w, "cannot encode the home page", http.StatusInternalServerError)
				return
			}
			body, ctype = append(b, '\n'), "application/json; charset=utf-8"
		} else {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, p); err != nil {
				http.Error(w, "cannot render the home page", http.StatusInternalServerError)
				return
			}
			body, ctype = buf.Bytes(), "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Vary", "Accept")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}

// WantsJSON reports whether the request asks for JSON: ?format=json, or
// an Accept header that ranks application/json above text/html.
func WantsJSON(r *http.Request) bool {
	switch r.URL.Query().Get("format") {
	case "json":
		return true
	case "html":
		return false
	}
	jsonQ, htmlQ := -1.0, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch mt {
		case "application/json":
			jsonQ = max(jsonQ, q)
		case "text/html":
			htmlQ = max(htmlQ, q)
		}
	}
	return jsonQ > 0 && jsonQ > htmlQ
}
