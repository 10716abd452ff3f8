// Package oas31 embeds the official JSON Schema of OpenAPI 3.1 documents,
// https://spec.openapis.org/oas/3.1/schema/2022-10-07 (the OpenAPI
// Initiative's schemas/v3.1/schema.json; schema objects are checked as
// objects or booleans only, the "without schema validation" variant).
//
// Source: the file as shipped, unmodified, in the openapi-spec-validator
// 0.9.0 package (resources/schemas/v3.1/schema.json). Licence: Apache
// License 2.0 (LICENSE beside this file), the licence of the OpenAPI
// Specification repository it comes from.
package oas31

import _ "embed"

// URL is the schema's $id.
const URL = "https://spec.openapis.org/oas/3.1/schema/2022-10-07"

// Schema is the schema's JSON text.
//
//go:embed schema-2022-10-07.json
var Schema []byte
