// Package demotest holds the browser tests of the demo apps
// (apps/simpleagent and apps/customerchat) run together against an
// in-process emulator in a real Chromium (internal/browsertest), and the
// in-browser measurements reported in BENCHMARKS.md. It has no non-test code.
package demotest
