package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/livechat-go/livechat/emulator/store"
)

// ReadCredentials returns the well-known credentials of the emulator state
// in dataDir without starting a server: the seeded values, with each REST
// API v2 key as it is now (POST /agents/<id>/reset_api_key replaces it).
// The URL fields are empty: they depend on the address the emulator
// listens on. A directory that holds no emulator state is an error and
// nothing is created (see store.RequireExisting).
func ReadCredentials(ctx context.Context, dataDir string) (Credentials, error) {
	if err := store.RequireExisting(dataDir); err != nil {
		return Credentials{}, err
	}
	db, err := store.Open(ctx, dataDir)
	if err != nil {
		return Credentials{}, err
	}
	defer db.Close()
	c := seedCredentials()
	var seeded string
	err = db.SQL().QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'seeded'`).Scan(&seeded)
	if errors.Is(err, sql.ErrNoRows) {
		return Credentials{}, fmt.Errorf("emulator: the state in %s was never seeded (start livechat serve --data %s once)", dataDir, dataDir)
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("emulator: read %s: %w", dataDir, err)
	}
	for _, a := range []*AgentCredentials{&c.Owner, &c.Agent} {
		var key string
		err := db.SQL().QueryRowContext(ctx, `SELECT api_key FROM v2_api_keys WHERE agent_id = ?`, a.ID).Scan(&key)
		switch {
		case err == nil && key != "":
			a.APIKey = key
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return Credentials{}, fmt.Errorf("emulator: read %s: %w", dataDir, err)
		}
	}
	return c, nil
}
