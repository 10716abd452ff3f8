package dynamic

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"

	"github.com/livechat-go/livechat"
)

// MaxPages bounds how many pages Paginate fetches, a guard against a
// server that never stops answering a next page.
const MaxPages = 10_000

// Paginate calls a paged operation (one with Pagination) and yields the
// items of every page, following next_page_id until the server sends no
// further page (for the numbered pages of REST v2: page 2, 3, … up to the
// answer's page count). The first call carries args; the following ones carry
// only the page id and the header parameters (the v3 APIs refuse filters
// next to a page id), or for
// REST v2 the same arguments with the page argument replaced. An error
// ends the iteration after being yielded once.
//
//	for item, err := range client.Paginate(ctx, "agent", "list_chats", map[string]any{"limit": 25}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(string(item))
//	}
func (c *Client) Paginate(ctx context.Context, api, action string, args any) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		if err := c.pages(ctx, api, action, args, yield); err != nil {
			yield(nil, err)
		}
	}
}

// pages runs the paging loop of Paginate; it returns the error to yield.
func (c *Client) pages(ctx context.Context, api, action string, args any, yield func(json.RawMessage, error) bool) error {
	if c == nil || c.desc == nil {
		return errNilClient
	}
	if ctx == nil {
		return livechat.Required("context")
	}
	o, err := c.Operation(api, action)
	if err != nil {
		return err
	}
	if o.Pagination == nil {
		return livechat.Invalid("action", fmt.Sprintf("%s.%s is not a paged operation", api, action))
	}
	req, err := o.prepare(args)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for page := 0; page < MaxPages; page++ {
		resp, err := c.send(ctx, o, req)
		if err != nil {
			return err
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(resp, &members); err != nil {
			return fmt.Errorf("dynamic: %s.%s: the answer is not a JSON object: %w", api, action, err)
		}
		var items []json.RawMessage
		if raw, ok := members[o.Pagination.Items]; ok && string(raw) != "null" {
			if err := json.Unmarshal(raw, &items); err != nil {
				return fmt.Errorf("dynamic: %s.%s: %s is not a list: %w", api, action, o.Pagination.Items, err)
			}
		}
		for _, it := range items {
			if !yield(it, nil) {
				return nil
			}
		}
		if o.Pagination.Pages != "" {
			// numbered pages (REST v2): ask for the next number until the last
			next, more, err := nextNumber(o.Pagination, req.values, members)
			if err != nil || !more {
				return err
			}
			values := make(map[string]any, len(req.values)+1)
			for k, v := range req.values {
				values[k] = v
			}
			values[o.Pagination.Page] = next
			if req, err = o.prepareValues(nil, values); err != nil {
				return err
			}
			continue
		}
		var next string
		if raw, ok := members[o.Pagination.NextPageID]; ok {
			_ = json.Unmarshal(raw, &next)
		}
		if next == "" {
			return nil
		}
		if seen[next] {
			return fmt.Errorf("dynamic: %s.%s: the server answered page id %q twice; stopping", api, action, next)
		}
		seen[next] = true
		values := map[string]any{o.Pagination.PageID: next}
		for k, v := range req.values { // header parameters stay (X-Author-Id)
			if p := o.param(k); p != nil && p.in == inHeader {
				values[k] = v
			}
		}
		if !isV3(o.API) {
			values = make(map[string]any, len(req.values)+1)
			for k, v := range req.values {
				values[k] = v
			}
			values[o.Pagination.PageID] = next
		}
		if req, err = o.prepareValues(nil, values); err != nil {
			return err
		}
	}
	return fmt.Errorf("dynamic: %s.%s: more than %d pages; stopping", api, action, MaxPages)
}

// nextNumber returns the number of the page after the one asked with
// args, and whether the answer's page count says there is one.
func nextNumber(p *Pagination, args map[string]any, members map[string]json.RawMessage) (int64, bool, error) {
	cur := int64(1)
	if v, ok := args[p.Page]; ok {
		n, err := strconv.ParseInt(scalar(v), 10, 64)
		if err != nil {
			return 0, false, livechat.Invalid(p.Page, "must be a page number")
		}
		cur = n
	}
	raw, ok := members[p.Pages]
	if !ok {
		return 0, false, nil
	}
	var pages int64
	if err := json.Unmarshal(raw, &pages); err != nil {
		return 0, false, fmt.Errorf("dynamic: the answer's %s is not a number: %w", p.Pages, err)
	}
	return cur + 1, cur < pages, nil
}
