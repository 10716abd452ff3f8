package spec

import "strings"

// Accounts server (protocol.md §7; docs src/pages/authorization).

func accountsOps() []accountsOp {
	token := obj(req("access_token", str()), opt("account_id", str()), opt("expires_in", integer()),
		opt("organization_id", str()), opt("refresh_token", str()), opt("scope", str()), req("token_type", str()))
	customerToken := obj(req("access_token", str()), opt("entity_id", str()), opt("expires_in", integer()),
		opt("token_type", str()), opt("organization_id", str()), opt("client_id", str()))
	customerTokenBody := obj(req("grant_type", enum("cookie", "agent_token")), req("client_id", nonEmpty()),
		req("response_type", constant("token")), opt("organization_id", str()), opt("redirect_uri", str()),
		opt("entity_id", str()))
	bearer := []map[string][]string{{"bearer": {}}}
	return []accountsOp{
		{method: "get", path: "/oauth/authorize", action: "authorize", summary: "Authorize (OAuth 2.1)",
			desc: "Starts the authorization code or implicit flow; answers with a redirect to redirect_uri.",
			query: []param{
				{name: "response_type", s: enum("code", "token"), req: true},
				{name: "client_id", s: nonEmpty(), req: true},
				{name: "redirect_uri", s: str()},
				{name: "state", s: str()},
				{name: "scope", s: str()},
				{name: "prompt", s: constant("consent")},
				{name: "code_challenge", s: Schema{"type": "string", "minLength": 43, "maxLength": 128}},
				{name: "code_challenge_method", s: enum("plain", "S256")},
			},
			noJSONResponse: true},
		{method: "post", path: "/v2/token", action: "exchange_token", summary: "Exchange a code or refresh a token",
			desc: "grant_type authorization_code (code, redirect_uri, code_verifier for PKCE) or refresh_token.",
			form: obj(req("grant_type", enum("authorization_code", "refresh_token")), req("client_id", nonEmpty()),
				opt("client_secret", str()), opt("code", str()), opt("redirect_uri", str()), opt("code_verifier", str()),
				opt("refresh_token", str())),
			resp: token},
		{method: "delete", path: "/v2/token", action: "revoke_token", summary: "Revoke a token",
			desc:  "Revokes the bearer token (an access token also loses its refresh token), or ?code=<token>.",
			query: []param{{name: "code", s: str()}}, resp: empty(), security: bearer},
		{method: "get", path: "/v2/info", action: "get_token_info", summary: "Validate a token",
			desc: "What the bearer token is: account, client, organization, scopes, remaining lifetime.",
			resp: obj(req("access_token", str()), opt("account_id", str()), opt("client_id", str()), opt("expires_in", integer()),
				opt("organization_id", str()), opt("scope", str()), opt("refresh_token", str()), opt("token_type", str())),
			security: bearer},
		{method: "post", path: "/v2/customer/token", action: "create_customer_token", summary: "Get a customer token",
			desc: "cookie grant (a browser's customer identity) or agent_token grant (an agent token with customers:own).",
			json: customerTokenBody, form: customerTokenBody, resp: customerToken},
		{method: "post", path: "/v2/customer/{organization_id}/{group_id}/token", action: "create_group_customer_token",
			summary: "Get a customer token for a group", desc: "Per-group customer identity.",
			json: customerTokenBody, form: customerTokenBody, resp: customerToken},
	}
}

func addAccountsOp(paths map[string]any, a accountsOp) {
	item, _ := paths[a.path].(map[string]any)
	if item == nil {
		item = map[string]any{"servers": []any{map[string]any{"url": "https://accounts.livechat.com"}}}
		paths[a.path] = item
	}
	var params []any
	for _, seg := range []string{"{organization_id}", "{group_id}"} {
		if strings.Contains(a.path, seg) {
			params = append(params, map[string]any{"name": seg[1 : len(seg)-1], "in": "path", "required": true, "schema": str()})
		}
	}
	for _, p := range a.query {
		params = append(params, map[string]any{"name": p.name, "in": "query", "required": p.req, "schema": p.s})
	}
	security := []any{map[string]any{}}
	for _, s := range a.security {
		m := map[string]any{}
		for k := range s {
			m[k] = []any{}
		}
		security = []any{m}
	}
	responses := map[string]any{
		"default": map[string]any{"description": "An OAuth error: {\"error\", \"error_description\"}.",
			"content": jsonContent(obj(opt("error", str()), opt("error_description", str())))},
	}
	if a.noJSONResponse {
		responses["302"] = map[string]any{"description": "A redirect to redirect_uri with code or access_token (or an error)."}
	} else {
		responses["200"] = map[string]any{"description": "Success.", "content": jsonContent(a.resp)}
	}
	operation := map[string]any{
		"operationId":           "accounts." + a.action,
		"tags":                  []any{"accounts"},
		"summary":               a.summary,
		"description":           a.desc,
		"security":              security,
		"x-livechat-api":        "accounts",
		"x-livechat-action":     a.action,
		"x-livechat-version":    "2",
		"x-livechat-transports": webOnlyT,
		"responses":             responses,
	}
	if len(params) > 0 {
		operation["parameters"] = params
	}
	content := map[string]any{}
	if a.form != nil {
		content["application/x-www-form-urlencoded"] = map[string]any{"schema": a.form}
	}
	if a.json != nil {
		content["application/json"] = map[string]any{"schema": a.json}
	}
	if len(content) > 0 {
		operation["requestBody"] = map[string]any{"required": true, "content": content}
	}
	item[a.method] = operation
}
