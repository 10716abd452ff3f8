// Package hostile holds the hostile-input suite of the emulator (its
// tests only): malformed JSON, wrong types per field, huge values, deep
// nesting, invalid UTF-8 and out-of-range numbers, Authorization header
// variants, RTM framing, JSONP, CORS, injection strings, uploads, the
// webhook deliveries listing and slow clients, sent over loopback to an
// emulator whose slog output is captured. Every answer must be below 500,
// come back before a deadline, be valid UTF-8 (and valid JSON when it
// says so), and neither an answer nor a log line may carry a secret;
// normal calls must still work afterwards.
//
//	go test ./emulator/hostile                     # short (CI)
//	LIVECHAT_LONG=1 go test ./emulator/hostile     # more generated requests
package hostile
