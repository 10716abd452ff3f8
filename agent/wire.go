package agent

import "github.com/livechat-go/livechat"

// wireOnly is the refusal of an action that one wire lacks.
type wireOnly struct {
	lacks livechat.TransportKind // the wire without the action
	err   error                  // a *livechat.ArgumentError naming the action and the wires
}

func webOnly(action string) wireOnly {
	return wireOnly{livechat.TransportRTM,
		&livechat.ArgumentError{Field: action, Problem: "is available only over the Web API, not RTM"}}
}

func rtmOnly(action string) wireOnly {
	return wireOnly{livechat.TransportWeb,
		&livechat.ArgumentError{Field: action, Problem: "is available only over RTM, not the Web API"}}
}

// onlyOver is the table of the Agent Chat API actions of Client that one
// of the two wires lacks. It is the same in API 3.5 and 3.6 (sources: the
// method lists of the Web and RTM references and the changelog of the
// Agent Chat API; protocol.md §2.4):
//
//   - upload_file: Web API only (a multipart/form-data upload; the RTM
//     reference has no such method).
//   - get_license_info: Web API only (added to 3.5 in 2024; the changelog
//     links only its Web reference).
//   - subscribe_customers, unsubscribe_customers: RTM only (new in 3.6;
//     the subscription belongs to the connection).
//
// The other RTM-only actions (login, logout, set_away_status,
// update_session, ping) are methods of the RTM connection (package
// transport/rtm), not of Client. Each refusal is built once, so an action
// is always refused with the same value: ErrUploadUnsupported is the one
// of upload_file.
var onlyOver = map[string]wireOnly{
	"upload_file":           webOnly("upload_file"),
	"get_license_info":      webOnly("get_license_info"),
	"subscribe_customers":   rtmOnly("subscribe_customers"),
	"unsubscribe_customers": rtmOnly("unsubscribe_customers"),
}

// checkWire refuses action when the transport says (livechat.KindOf) it
// speaks the wire that lacks it. A transport that does not say is trusted:
// the action is sent.
func (c *Client) checkWire(action string) error {
	if w, ok := onlyOver[action]; ok && livechat.KindOf(c.t) == w.lacks {
		return w.err
	}
	return nil
}
