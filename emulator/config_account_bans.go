package emulator

// Configuration API 3.6: customer bans (list_customer_bans,
// unban_customer), documented in
// src/pages/management/configuration-api/index.mdx (# Customer bans).
//
// A ban is set by the Agent Chat API's ban_customer (actions_misc.go),
// which stores customers.banned_until; a ban is active while that lies in
// the future. The emulator knows no customer IP addresses and records
// neither who banned nor when, so a listed ban carries customer_id and
// expires_at only, and no ban ever matches an ip.

import (
	"database/sql"
	"errors"
	"net"

	"github.com/livechat-go/livechat"
)

func init() {
	register("configuration", "list_customer_bans", cfgH36(listCustomerBansCfg, "banlist_read"))
	register("configuration", "unban_customer", cfgH36(unbanCustomerCfg, "banlist_write"))
}

// listCustomerBansCfg lists the active bans, the soonest to expire first.
func listCustomerBansCfg(a *act) (any, error) {
	rows, err := a.query(`SELECT id, banned_until FROM customers WHERE banned_until > ? ORDER BY banned_until, id`, a.nowTS)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for rows.Next() {
		var id, until string
		if err := rows.Scan(&id, &until); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, map[string]any{"customer_id": id, "expires_at": until})
	}
	return out, closeRows(rows)
}

// unbanCustomerCfg lifts the active ban of exactly one of ip and
// customer_id; not_found when there is no such ban [inferred].
func unbanCustomerCfg(a *act) (any, error) {
	var req struct {
		IP         string `json:"ip"`
		CustomerID string `json:"customer_id"`
	}
	if err := a.decode(&req); err != nil {
		return nil, err
	}
	if (req.IP == "") == (req.CustomerID == "") {
		return nil, validation("exactly one of ip and customer_id is required")
	}
	if req.IP != "" {
		if net.ParseIP(req.IP) == nil {
			return nil, validation("ip must be an IP address")
		}
		return nil, lerr(livechat.TypeNotFound, "No active ban for ip %s", req.IP)
	}
	var until string
	err := a.queryRow(`SELECT banned_until FROM customers WHERE id = ?`, req.CustomerID).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("Customer")
	}
	if err != nil {
		return nil, err
	}
	if until <= a.nowTS {
		return nil, lerr(livechat.TypeNotFound, "No active ban for customer %s", req.CustomerID)
	}
	return nil, a.exec(`UPDATE customers SET banned_until = '' WHERE id = ?`, req.CustomerID)
}
