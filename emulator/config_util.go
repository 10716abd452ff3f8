package emulator

import "encoding/json"

// Helpers shared by the Configuration API handlers.

// cfgDecodeID decodes {"id": …}, which must name an existing agent (a bot
// when bot is set).
func (a *act) cfgDecodeID(bot bool) (string, error) {
	var req cfgIDReq
	if err := a.decode(&req); err != nil {
		return "", err
	}
	if req.ID == "" {
		return "", validation("id is required")
	}
	if err := a.cfgAgentExists(req.ID, bot); err != nil {
		return "", err
	}
	return req.ID, nil
}

// cfgReplaceMemberships sets id's group memberships (def is the priority
// of groups given without one), records the result in diff["groups"] and
// refreshes id's cached identity.
func (a *act) cfgReplaceMemberships(id string, gs []cfgGroupPriority, def string, diff map[string]any) error {
	if err := a.cfgSetMemberships(id, gs, def); err != nil {
		return err
	}
	groups, err := a.cfgMemberships(id)
	if err != nil {
		return err
	}
	diff["groups"] = groups
	return a.cfgIdentityChanged(id)
}

// cfgDecodeOwnedBotTemplate decodes a bot template body whose id and
// owner_client_id name an existing template.
func (a *act) cfgDecodeOwnedBotTemplate() (cfgBotTemplateBody, error) {
	var b cfgBotTemplateBody
	if err := a.decode(&b); err != nil {
		return b, err
	}
	if b.ID == "" || b.OwnerClientID == "" {
		return b, validation("id and owner_client_id are required")
	}
	return b, a.cfgBotTemplateExists(b.ID, b.OwnerClientID)
}

// cfgStoreProps validates raw properties and stores each one with insert,
// whose placeholders are keys followed by namespace, name and value.
func (a *act) cfgStoreProps(raw json.RawMessage, insert string, keys ...any) error {
	p, err := validateProps(raw)
	if err != nil {
		return err
	}
	for ns, vals := range p {
		for name, v := range vals {
			if err := a.exec(insert, append(keys[:len(keys):len(keys)], ns, name, string(v))...); err != nil {
				return err
			}
		}
	}
	return nil
}

// cfgDeleteProps validates raw property names and deletes each one with
// del, whose placeholders are keys followed by namespace and name.
func (a *act) cfgDeleteProps(raw json.RawMessage, del string, keys ...any) error {
	names, err := validatePropNames(raw)
	if err != nil {
		return err
	}
	for ns, list := range names {
		for _, n := range list {
			if err := a.exec(del, append(keys[:len(keys):len(keys)], ns, n)...); err != nil {
				return err
			}
		}
	}
	return nil
}
