package customer

// WebOnly returns the actions of the table of Web-only actions, so that
// the tests can check they cover it all.
func WebOnly() []string {
	var actions []string
	for action := range webOnly {
		actions = append(actions, action)
	}
	return actions
}
