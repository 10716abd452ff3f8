package emulator_test

import (
	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/emulator"
	"github.com/livechat-go/livechat/transport/web"
)

func newPAT(srv *emulator.Server, acc, pat string) (*web.Transport, error) {
	return web.New(web.Agent, livechat.NewPAT(acc, pat), livechat.WithBaseURL(srv.URL()), livechat.WithMaxRetries(0))
}
