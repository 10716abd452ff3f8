package main

import (
	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/api/validate"
	"github.com/livechat-go/livechat/emulator"
)

// addValidateFlag adds `serve --validate`.
func addValidateFlag(cmd *cobra.Command, o *serveOptions) {
	cmd.Flags().BoolVar(&o.validate, "validate", false,
		"check every request (Web API, RTM and REST API v2 query and body) against the API description (GET /openapi.json) and answer the API's validation error naming the bad field")
}

// requestValidator returns the emulator's request validator for --validate
// (nil without it).
func requestValidator(o serveOptions) (emulator.RequestValidator, error) {
	if !o.validate {
		return nil, nil
	}
	v, err := validate.Default()
	if err != nil {
		return nil, err
	}
	return v, nil
}
