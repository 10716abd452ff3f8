package state_test

import (
	"fmt"

	"github.com/livechat-go/livechat/emulator/state"
)

// A seed names only the columns it needs; an error names the file, the
// line and the JSON path.
func ExampleParse() {
	doc, err := state.Parse("seed.yaml", []byte(`
tables:
  groups:
    - {id: 2, name: Support}
  tags:
    - {name: urgent, group_ids: [0, 2]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(doc.Encode()))

	_, err = state.Parse("bad.yaml", []byte("tables:\n  groups: {id: 2}\n"))
	fmt.Println(err)
	// Output:
	// {
	//   "format": "livechat-emulator-state",
	//   "version": 1,
	//   "schema": 0,
	//   "tables": {
	//     "groups": [
	//       {"id": 2, "name": "Support"}
	//     ],
	//     "tags": [
	//       {"group_ids": [0,2], "name": "urgent"}
	//     ]
	//   }
	// }
	// bad.yaml:2: $.tables.groups: must be an array of rows
}
