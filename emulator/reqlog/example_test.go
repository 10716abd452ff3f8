package reqlog_test

import (
	"fmt"
	"time"

	"github.com/livechat-go/livechat/emulator/reqlog"
)

// Bodies are kept as received and redacted whenever they are read.
func ExampleLog() {
	log := reqlog.New(100)
	log.Record(reqlog.Entry{Kind: "rtm", API: "agent", Action: "login", Who: "owner@livechat.local", Duration: time.Millisecond},
		[]byte(`{"token":"Bearer dal:secret","customer_monitoring_level":"my"}`))
	for _, e := range log.Entries(0, 0) {
		fmt.Println(e.ID, e.Kind, e.Action, e.Who, e.Body)
	}
	// Output:
	// 1 rtm login owner@livechat.local {"customer_monitoring_level":"my","token":"[REDACTED]"}
}
