package spec

func customerOps() []op                                       { return nil }
func configurationOps() []op                                  { return nil }
func restOps() []restOp                                       { return nil }
func accountsOps() []accountsOp                               { return nil }
func allPushes() (map[string]any, map[string]Schema)          { return map[string]any{}, nil }
func allWebhooks() (map[string]any, map[string]Schema)        { return map[string]any{}, nil }
func addRestOp(paths, schemas map[string]any, r restOp) error { return nil }
func addAccountsOp(paths map[string]any, a accountsOp)        {}
