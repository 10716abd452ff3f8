package emulator

import "database/sql"

// agentGroupsSQL lists the group ids of an agent or bot, in id order.
const agentGroupsSQL = `SELECT group_id FROM group_members WHERE agent_id = ? ORDER BY group_id`

// collectColumn reads the single column of every row into a slice (nil
// when there are none) and closes rows. It takes a query's two results as
// they come:
//
//	groups, err := collectColumn[int](db.QueryContext(ctx, agentGroupsSQL, id))
//
// (scanColumn does the same for a query of an action.)
func collectColumn[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
