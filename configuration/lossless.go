// Code generated from the types of this package; DO NOT EDIT.

// Lossless JSON: every type with an Extra field decodes and re-encodes
// through livechat.UnmarshalWithExtra / livechat.MarshalWithExtra.

package configuration

import "github.com/livechat-go/livechat"

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GroupPriority) UnmarshalJSON(b []byte) error {
	type plain GroupPriority
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GroupPriority) MarshalJSON() ([]byte, error) {
	type plain GroupPriority
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ScheduleEntry) UnmarshalJSON(b []byte) error {
	type plain ScheduleEntry
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ScheduleEntry) MarshalJSON() ([]byte, error) {
	type plain ScheduleEntry
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *WorkScheduler) UnmarshalJSON(b []byte) error {
	type plain WorkScheduler
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x WorkScheduler) MarshalJSON() ([]byte, error) {
	type plain WorkScheduler
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Agent) UnmarshalJSON(b []byte) error {
	type plain Agent
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Agent) MarshalJSON() ([]byte, error) {
	type plain Agent
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *CreateAgentResponse) UnmarshalJSON(b []byte) error {
	type plain CreateAgentResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x CreateAgentResponse) MarshalJSON() ([]byte, error) {
	type plain CreateAgentResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *MatchValue) UnmarshalJSON(b []byte) error {
	type plain MatchValue
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x MatchValue) MarshalJSON() ([]byte, error) {
	type plain MatchValue
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *MatchCondition) UnmarshalJSON(b []byte) error {
	type plain MatchCondition
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x MatchCondition) MarshalJSON() ([]byte, error) {
	type plain MatchCondition
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GeoValue) UnmarshalJSON(b []byte) error {
	type plain GeoValue
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GeoValue) MarshalJSON() ([]byte, error) {
	type plain GeoValue
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GeoCondition) UnmarshalJSON(b []byte) error {
	type plain GeoCondition
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GeoCondition) MarshalJSON() ([]byte, error) {
	type plain GeoCondition
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *AutoAccessConditions) UnmarshalJSON(b []byte) error {
	type plain AutoAccessConditions
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x AutoAccessConditions) MarshalJSON() ([]byte, error) {
	type plain AutoAccessConditions
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *AutoAccessAccess) UnmarshalJSON(b []byte) error {
	type plain AutoAccessAccess
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x AutoAccessAccess) MarshalJSON() ([]byte, error) {
	type plain AutoAccessAccess
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *AutoAccess) UnmarshalJSON(b []byte) error {
	type plain AutoAccess
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x AutoAccess) MarshalJSON() ([]byte, error) {
	type plain AutoAccess
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *AddAutoAccessResponse) UnmarshalJSON(b []byte) error {
	type plain AddAutoAccessResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x AddAutoAccessResponse) MarshalJSON() ([]byte, error) {
	type plain AddAutoAccessResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Bot) UnmarshalJSON(b []byte) error {
	type plain Bot
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Bot) MarshalJSON() ([]byte, error) {
	type plain Bot
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *CreateBotResponse) UnmarshalJSON(b []byte) error {
	type plain CreateBotResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x CreateBotResponse) MarshalJSON() ([]byte, error) {
	type plain CreateBotResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *SecretResponse) UnmarshalJSON(b []byte) error {
	type plain SecretResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x SecretResponse) MarshalJSON() ([]byte, error) {
	type plain SecretResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *BotToken) UnmarshalJSON(b []byte) error {
	type plain BotToken
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x BotToken) MarshalJSON() ([]byte, error) {
	type plain BotToken
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Empty) UnmarshalJSON(b []byte) error {
	type plain Empty
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Empty) MarshalJSON() ([]byte, error) {
	type plain Empty
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GreetingURL) UnmarshalJSON(b []byte) error {
	type plain GreetingURL
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GreetingURL) MarshalJSON() ([]byte, error) {
	type plain GreetingURL
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GreetingRule) UnmarshalJSON(b []byte) error {
	type plain GreetingRule
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GreetingRule) MarshalJSON() ([]byte, error) {
	type plain GreetingRule
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GreetingRichMessage) UnmarshalJSON(b []byte) error {
	type plain GreetingRichMessage
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GreetingRichMessage) MarshalJSON() ([]byte, error) {
	type plain GreetingRichMessage
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Greeting) UnmarshalJSON(b []byte) error {
	type plain Greeting
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Greeting) MarshalJSON() ([]byte, error) {
	type plain Greeting
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *CreateGreetingResponse) UnmarshalJSON(b []byte) error {
	type plain CreateGreetingResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x CreateGreetingResponse) MarshalJSON() ([]byte, error) {
	type plain CreateGreetingResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ListGreetingsResponse) UnmarshalJSON(b []byte) error {
	type plain ListGreetingsResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ListGreetingsResponse) MarshalJSON() ([]byte, error) {
	type plain ListGreetingsResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Group) UnmarshalJSON(b []byte) error {
	type plain Group
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Group) MarshalJSON() ([]byte, error) {
	type plain Group
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *CreateGroupResponse) UnmarshalJSON(b []byte) error {
	type plain CreateGroupResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x CreateGroupResponse) MarshalJSON() ([]byte, error) {
	type plain CreateGroupResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Channel) UnmarshalJSON(b []byte) error {
	type plain Channel
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Channel) MarshalJSON() ([]byte, error) {
	type plain Channel
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ProductLimit) UnmarshalJSON(b []byte) error {
	type plain ProductLimit
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ProductLimit) MarshalJSON() ([]byte, error) {
	type plain ProductLimit
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ProductSource) UnmarshalJSON(b []byte) error {
	type plain ProductSource
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ProductSource) MarshalJSON() ([]byte, error) {
	type plain ProductSource
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *LicenseIDResponse) UnmarshalJSON(b []byte) error {
	type plain LicenseIDResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x LicenseIDResponse) MarshalJSON() ([]byte, error) {
	type plain LicenseIDResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *OrganizationIDResponse) UnmarshalJSON(b []byte) error {
	type plain OrganizationIDResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x OrganizationIDResponse) MarshalJSON() ([]byte, error) {
	type plain OrganizationIDResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *CustomerBan) UnmarshalJSON(b []byte) error {
	type plain CustomerBan
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x CustomerBan) MarshalJSON() ([]byte, error) {
	type plain CustomerBan
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *PropertyRange) UnmarshalJSON(b []byte) error {
	type plain PropertyRange
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x PropertyRange) MarshalJSON() ([]byte, error) {
	type plain PropertyRange
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *PropertyConfig) UnmarshalJSON(b []byte) error {
	type plain PropertyConfig
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x PropertyConfig) MarshalJSON() ([]byte, error) {
	type plain PropertyConfig
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *GroupProperties) UnmarshalJSON(b []byte) error {
	type plain GroupProperties
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x GroupProperties) MarshalJSON() ([]byte, error) {
	type plain GroupProperties
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Tag) UnmarshalJSON(b []byte) error {
	type plain Tag
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Tag) MarshalJSON() ([]byte, error) {
	type plain Tag
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ValuesFilter) UnmarshalJSON(b []byte) error {
	type plain ValuesFilter
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ValuesFilter) MarshalJSON() ([]byte, error) {
	type plain ValuesFilter
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *ChatPresenceFilter) UnmarshalJSON(b []byte) error {
	type plain ChatPresenceFilter
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x ChatPresenceFilter) MarshalJSON() ([]byte, error) {
	type plain ChatPresenceFilter
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *WebhookFilters) UnmarshalJSON(b []byte) error {
	type plain WebhookFilters
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x WebhookFilters) MarshalJSON() ([]byte, error) {
	type plain WebhookFilters
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *RegisterWebhookResponse) UnmarshalJSON(b []byte) error {
	type plain RegisterWebhookResponse
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x RegisterWebhookResponse) MarshalJSON() ([]byte, error) {
	type plain RegisterWebhookResponse
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *Webhook) UnmarshalJSON(b []byte) error {
	type plain Webhook
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x Webhook) MarshalJSON() ([]byte, error) {
	type plain Webhook
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *WebhookName) UnmarshalJSON(b []byte) error {
	type plain WebhookName
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x WebhookName) MarshalJSON() ([]byte, error) {
	type plain WebhookName
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}

// UnmarshalJSON decodes losslessly: members the typed fields do not keep go to Extra.
func (x *WebhooksState) UnmarshalJSON(b []byte) error {
	type plain WebhooksState
	return livechat.UnmarshalWithExtra(b, (*plain)(x), &x.Extra)
}

// MarshalJSON encodes the typed fields and Extra.
func (x WebhooksState) MarshalJSON() ([]byte, error) {
	type plain WebhooksState
	return livechat.MarshalWithExtra((*plain)(&x), x.Extra)
}
