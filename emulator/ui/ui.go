// Package ui is the emulator's read-only web UI, served at /emulator/ui:
// chats, agents and customers, webhook deliveries and the request log,
// refreshed every second. It is plain HTML, CSS and JavaScript embedded
// with go:embed, served with a strict Content-Security-Policy (scripts
// and styles from the page's origin only, no inline code) and rendered
// with textContent only, so chat text can never run as markup.
//
// The emulator gives the page its data through a Source (snapshot) and
// its request log (GET /emulator/requests, package emulator/reqlog).
package ui

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var static embed.FS

// CSP is the Content-Security-Policy of every answer of the UI.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Source gives the UI the emulator's current state.
type Source interface {
	Snapshot(ctx context.Context) (*Snapshot, error)
}

// Snapshot is what the UI shows besides the request log.
type Snapshot struct {
	Chats       []Chat     `json:"chats"`
	Agents      []User     `json:"agents"`
	Customers   []User     `json:"customers"`
	Deliveries  []Delivery `json:"deliveries"`
	Connections int        `json:"connections"` // open RTM connections
}

// Chat is one chat, newest first, with its last thread's last event.
type Chat struct {
	ID         string   `json:"id"`
	CreatedAt  string   `json:"created_at"`
	ThreadID   string   `json:"thread_id"`
	Active     bool     `json:"active"`
	Users      []string `json:"users"`
	Events     int      `json:"events"`
	LastType   string   `json:"last_type"`
	LastText   string   `json:"last_text"`
	LastAuthor string   `json:"last_author"`
	LastAt     string   `json:"last_at"`
}

// User is an agent, a bot or a customer.
type User struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"` // agent, bot, customer
	Role   string `json:"role,omitempty"`
	Status string `json:"status,omitempty"` // routing status (agents)
	Email  string `json:"email,omitempty"`
}

// Delivery is one webhook delivery (URL redacted; never the secret).
type Delivery struct {
	ID         int64  `json:"id"`
	WebhookID  string `json:"webhook_id"`
	Action     string `json:"action"`
	URL        string `json:"url"`
	Status     string `json:"status"`
	Attempts   int    `json:"attempts"`
	LastCode   int    `json:"last_code"`
	CreatedAt  string `json:"created_at"`
	LastResult string `json:"last_error,omitempty"`
}

// Handler serves the UI under prefix (e.g. "/emulator/ui"): the page at
// prefix + "/", its data at prefix + "/api/snapshot".
func Handler(prefix string, src Source) http.Handler {
	sub, _ := fs.Sub(static, "static")
	files := http.StripPrefix(prefix+"/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "read-only", http.StatusMethodNotAllowed)
			return
		}
		switch rest := strings.TrimPrefix(r.URL.Path, prefix); rest {
		case "":
			http.Redirect(w, r, prefix+"/", http.StatusFound)
		case "/api/snapshot":
			snap, err := src.Snapshot(r.Context())
			if err != nil {
				http.Error(w, `{"error":{"type":"internal","message":"snapshot failed"}}`, http.StatusServiceUnavailable)
				return
			}
			b, _ := json.Marshal(snap)
			h.Set("Content-Type", "application/json; charset=utf-8")
			w.Write(b)
		case "/", "/app.js", "/style.css":
			files.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}
