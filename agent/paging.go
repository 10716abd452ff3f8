package agent

import (
	"context"
	"fmt"
	"iter"

	"github.com/livechat-go/livechat"
)

// fetchFunc loads one page: the first when pageID is "", otherwise the
// page named by pageID. It returns the items and the next page id.
type fetchFunc[T any] func(ctx context.Context, pageID string) ([]T, string, error)

// pages walks pages until the last one, the first error (yielded once with
// the zero item) or the consumer's break.
func pages[T any](ctx context.Context, fetch fetchFunc[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		pageID := ""
		seen := map[string]bool{}
		for {
			items, next, err := fetch(ctx, pageID)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if seen[next] {
				yield(zero, fmt.Errorf("livechat: agent: the server repeated page id %q; stopping to avoid a loop", next))
				return
			}
			seen[next] = true
			pageID = next
		}
	}
}

// Chats iterates over the chat summaries of list_chats, page after page.
// The first request is req as given; later requests carry only page_id.
func (c *Client) Chats(ctx context.Context, req ListChatsRequest) iter.Seq2[livechat.ChatSummary, error] {
	return pages(ctx, func(ctx context.Context, pageID string) ([]livechat.ChatSummary, string, error) {
		r := req
		if pageID != "" {
			r = ListChatsRequest{PageID: pageID}
		}
		resp, err := c.ListChats(ctx, r)
		if err != nil {
			return nil, "", err
		}
		return resp.ChatsSummary, resp.NextPageID, nil
	})
}

// Threads iterates over the threads of list_threads, page after page. The
// first request is req as given; later requests carry chat_id and page_id.
func (c *Client) Threads(ctx context.Context, req ListThreadsRequest) iter.Seq2[livechat.Thread, error] {
	return pages(ctx, func(ctx context.Context, pageID string) ([]livechat.Thread, string, error) {
		r := req
		if pageID != "" {
			r = ListThreadsRequest{ChatID: req.ChatID, PageID: pageID}
		}
		resp, err := c.ListThreads(ctx, r)
		if err != nil {
			return nil, "", err
		}
		return resp.Threads, resp.NextPageID, nil
	})
}

// Archives iterates over the chats of list_archives (one per matching
// thread), page after page. The first request is req as given; later
// requests carry only page_id.
func (c *Client) Archives(ctx context.Context, req ListArchivesRequest) iter.Seq2[livechat.Chat, error] {
	return pages(ctx, func(ctx context.Context, pageID string) ([]livechat.Chat, string, error) {
		r := req
		if pageID != "" {
			r = ListArchivesRequest{PageID: pageID}
		}
		resp, err := c.ListArchives(ctx, r)
		if err != nil {
			return nil, "", err
		}
		return resp.Chats, resp.NextPageID, nil
	})
}

// Customers iterates over the customers of list_customers (API 3.5), page
// after page. The first request is req as given; later requests carry
// only page_id.
func (c *Client) Customers(ctx context.Context, req ListCustomersRequest) iter.Seq2[livechat.Customer, error] {
	return pages(ctx, func(ctx context.Context, pageID string) ([]livechat.Customer, string, error) {
		r := req
		if pageID != "" {
			r = ListCustomersRequest{PageID: pageID}
		}
		resp, err := c.ListCustomers(ctx, r)
		if err != nil {
			return nil, "", err
		}
		return resp.Customers, resp.NextPageID, nil
	})
}
