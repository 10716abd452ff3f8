// Code generated from the types of this package; DO NOT EDIT.

// Lossless JSON: every type with an Extra field decodes and re-encodes
// through livechat.UnmarshalWithExtra / livechat.MarshalWithExtra.

package customer

import "github.com/livechat-go/livechat"

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ListChatsResponse) UnmarshalJSON(b []byte) error {
	type plain ListChatsResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ListChatsResponse) MarshalJSON() ([]byte, error) {
	type plain ListChatsResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ListThreadsResponse) UnmarshalJSON(b []byte) error {
	type plain ListThreadsResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ListThreadsResponse) MarshalJSON() ([]byte, error) {
	type plain ListThreadsResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *StartChatResponse) UnmarshalJSON(b []byte) error {
	type plain StartChatResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x StartChatResponse) MarshalJSON() ([]byte, error) {
	type plain StartChatResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ResumeChatResponse) UnmarshalJSON(b []byte) error {
	type plain ResumeChatResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ResumeChatResponse) MarshalJSON() ([]byte, error) {
	type plain ResumeChatResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *SendEventResponse) UnmarshalJSON(b []byte) error {
	type plain SendEventResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x SendEventResponse) MarshalJSON() ([]byte, error) {
	type plain SendEventResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *UploadFileResponse) UnmarshalJSON(b []byte) error {
	type plain UploadFileResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x UploadFileResponse) MarshalJSON() ([]byte, error) {
	type plain UploadFileResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ListGroupStatusesResponse) UnmarshalJSON(b []byte) error {
	type plain ListGroupStatusesResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ListGroupStatusesResponse) MarshalJSON() ([]byte, error) {
	type plain ListGroupStatusesResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GetFormResponse) UnmarshalJSON(b []byte) error {
	type plain GetFormResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GetFormResponse) MarshalJSON() ([]byte, error) {
	type plain GetFormResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *PredictedAgentInfo) UnmarshalJSON(b []byte) error {
	type plain PredictedAgentInfo
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x PredictedAgentInfo) MarshalJSON() ([]byte, error) {
	type plain PredictedAgentInfo
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *PredictedAgent) UnmarshalJSON(b []byte) error {
	type plain PredictedAgent
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x PredictedAgent) MarshalJSON() ([]byte, error) {
	type plain PredictedAgent
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *URLInfo) UnmarshalJSON(b []byte) error {
	type plain URLInfo
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x URLInfo) MarshalJSON() ([]byte, error) {
	type plain URLInfo
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *DynamicLiveChat) UnmarshalJSON(b []byte) error {
	type plain DynamicLiveChat
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x DynamicLiveChat) MarshalJSON() ([]byte, error) {
	type plain DynamicLiveChat
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *DynamicConfiguration) UnmarshalJSON(b []byte) error {
	type plain DynamicConfiguration
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x DynamicConfiguration) MarshalJSON() ([]byte, error) {
	type plain DynamicConfiguration
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *WidgetButton) UnmarshalJSON(b []byte) error {
	type plain WidgetButton
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x WidgetButton) MarshalJSON() ([]byte, error) {
	type plain WidgetButton
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ConfigurationProperties) UnmarshalJSON(b []byte) error {
	type plain ConfigurationProperties
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ConfigurationProperties) MarshalJSON() ([]byte, error) {
	type plain ConfigurationProperties
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Configuration) UnmarshalJSON(b []byte) error {
	type plain Configuration
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Configuration) MarshalJSON() ([]byte, error) {
	type plain Configuration
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}
