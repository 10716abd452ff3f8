package customer

import "github.com/livechat-go/livechat"

// webOnly is the table of the Customer Chat API actions of Client that
// RTM lacks, each with its refusal: a *livechat.ArgumentError built once,
// so an action is always refused with the same value (ErrUnsupported is
// the one of upload_file). The list is the same in API 3.5 and 3.6
// (sources: the method lists of the Web and RTM references of the
// Customer Chat API, whose RTM list has none of them, and its changelog,
// which links only Web references for upload_file and the property
// listings; protocol.md §4):
//
//   - upload_file (a multipart/form-data upload);
//   - the GET actions list_license_properties, list_group_properties,
//     get_dynamic_configuration, get_configuration, get_localization;
//   - check_goals and request_email_verification.
//
// The RTM-only actions of the Customer Chat API, login and
// update_customer_page, are not methods of Client: use the RTM connection
// (package transport/rtm) for them.
var webOnly = func() map[string]error {
	m := make(map[string]error)
	for _, action := range []string{
		"upload_file",
		"list_license_properties", "list_group_properties",
		"get_dynamic_configuration", "get_configuration", "get_localization",
		"check_goals", "request_email_verification",
	} {
		m[action] = &livechat.ArgumentError{Field: action, Problem: "is available only over the Web API, not RTM"}
	}
	return m
}()

// checkWire refuses a Web-only action when the transport says
// (livechat.KindOf) it speaks RTM. A transport that does not say is
// trusted: the action is sent.
func (c *Client) checkWire(action string) error {
	if err, ok := webOnly[action]; ok && livechat.KindOf(c.t) == livechat.TransportRTM {
		return err
	}
	return nil
}
