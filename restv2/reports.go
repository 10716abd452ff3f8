package restv2

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/livechat-go/livechat"
	"github.com/livechat-go/livechat/internal/check"
)

// ReportPath names a report of the Reports API v2, relative to /reports/.
type ReportPath string

// The reports.
const (
	ReportTotalChats              ReportPath = "chats/total_chats"
	ReportEngagement              ReportPath = "chats/engagement"
	ReportNotRepliedChats         ReportPath = "chats/not_replied_chats"
	ReportChatRatings             ReportPath = "chats/ratings"
	ReportChatRanking             ReportPath = "chats/ratings/ranking"
	ReportQueuedVisitors          ReportPath = "chats/queued_visitors"
	ReportQueueWaitingTimes       ReportPath = "chats/queued_visitors/waiting_times"
	ReportAvailability            ReportPath = "availability"
	ReportChattingTime            ReportPath = "chats/chatting_time"
	ReportChatFirstResponseTime   ReportPath = "chats/first_response_time"
	ReportChatResponseTime        ReportPath = "chats/response_time"
	ReportAgentsOccupancy         ReportPath = "chats/agents_occupancy"
	ReportGoals                   ReportPath = "chats/goals"
	ReportGreetings               ReportPath = "chats/greetings"
	ReportNewTickets              ReportPath = "tickets/new_tickets"
	ReportTicketFirstResponseTime ReportPath = "tickets/first_response_time"
	ReportSolvedTickets           ReportPath = "tickets/solved_tickets"
	ReportTicketResolutionTime    ReportPath = "tickets/resolution_time"
	ReportTicketSources           ReportPath = "tickets/ticket_sources"
	ReportTicketRatings           ReportPath = "tickets/ratings"
	ReportTicketRanking           ReportPath = "tickets/ratings/ranking"
)

// ReportPaths returns every report path, in the documented order.
func ReportPaths() []ReportPath {
	return []ReportPath{ReportTotalChats, ReportEngagement, ReportNotRepliedChats, ReportChatRatings,
		ReportChatRanking, ReportQueuedVisitors, ReportQueueWaitingTimes, ReportAvailability,
		ReportChattingTime, ReportChatFirstResponseTime, ReportChatResponseTime, ReportAgentsOccupancy,
		ReportGoals, ReportGreetings, ReportNewTickets, ReportTicketFirstResponseTime,
		ReportSolvedTickets, ReportTicketResolutionTime, ReportTicketSources, ReportTicketRatings,
		ReportTicketRanking}
}

// GroupBy is the period of a report's entries.
type GroupBy string

// Report periods. The server defaults to day, or hour when DateFrom equals DateTo.
const (
	GroupByHour  GroupBy = "hour"
	GroupByDay   GroupBy = "day"
	GroupByMonth GroupBy = "month"
)

// Weekday selects the day of the agents occupancy report.
type Weekday string

// Week days of the agents occupancy report.
const (
	Monday    Weekday = "mon"
	Tuesday   Weekday = "tue"
	Wednesday Weekday = "wed"
	Thursday  Weekday = "thu"
	Friday    Weekday = "fri"
	Saturday  Weekday = "sat"
	Sunday    Weekday = "sun"
)

// ReportOptions are the arguments of the reports; each report reads the
// ones it documents. Zero values are not sent.
type ReportOptions struct {
	// DateFrom and DateTo, YYYY-MM-DD (see Date).
	DateFrom, DateTo string
	// Timezone is a TZ database name, e.g. "America/Phoenix".
	Timezone string
	// Group and Agent (a login) restrict the statistics. For the not
	// replied chats report they are sent as groups[] and agents[].
	Group *int
	Agent string
	// GroupBy sets the period of the entries.
	GroupBy GroupBy
	// Tags restricts the statistics to chats with these tags (tag[]).
	Tags []string
	// Goal restricts the goals and greetings reports to one goal.
	Goal *int
	// Greeting restricts the greetings report to one greeting.
	Greeting *int
	// SalesTracker makes the goals report return tracked sales only.
	SalesTracker *bool
	// Currency selects the currency of tracked sales (goals report).
	Currency string
}

func (o ReportOptions) query(path ReportPath) (query, error) {
	q := newQuery()
	if err := checkDates(o.DateFrom, o.DateTo); err != nil {
		return q, err
	}
	if err := check.OneOf("group_by", o.GroupBy, GroupByHour, GroupByDay, GroupByMonth); err != nil {
		return q, err
	}
	if err := checkTags("tag", o.Tags, false); err != nil {
		return q, err
	}
	if o.Group != nil {
		if err := checkGroupID("group", *o.Group); err != nil {
			return q, err
		}
	}
	q.str("date_from", o.DateFrom)
	q.str("date_to", o.DateTo)
	q.str("timezone", o.Timezone)
	if path == ReportNotRepliedChats {
		q.intp("groups[]", o.Group)
		q.str("agents[]", o.Agent)
	} else {
		q.intp("group", o.Group)
		q.str("agent", o.Agent)
	}
	q.str("group_by", string(o.GroupBy))
	q.list("tag[]", o.Tags)
	q.intp("goal", o.Goal)
	q.intp("greeting", o.Greeting)
	q.flag("sales_tracker", o.SalesTracker)
	q.str("currency", o.Currency)
	return q, nil
}

// Report is the answer of a report: one entry per period ("2013-01-29",
// "2013-01", "00:00", "2015-03-16 09:00"), each kept as raw JSON because
// its shape depends on the report. Use Periods, Decode, Value and Series
// to read it, or DecodeReport for a typed map.
type Report map[string]json.RawMessage

// Periods returns the keys of the report, sorted.
func (r Report) Periods() []string {
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Decode decodes the entry of one period into v.
func (r Report) Decode(period string, v any) error {
	raw, ok := r[period]
	if !ok {
		return fmt.Errorf("livechat: restv2: report has no period %q", period)
	}
	return json.Unmarshal(raw, v)
}

// Value returns a number of one period's entry. field is a dotted path
// into the entry ("chats", "first_response_time.seconds",
// "queued.count"); "" reads an entry that is itself a number (agents
// occupancy). ok is false when the value is absent, null or not a number.
func (r Report) Value(period, field string) (v float64, ok bool) {
	raw, found := r[period]
	if !found {
		return 0, false
	}
	if field != "" {
		for _, name := range strings.Split(field, ".") {
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) != nil {
				return 0, false
			}
			if raw, found = obj[name]; !found {
				return 0, false
			}
		}
	}
	var f *float64
	if json.Unmarshal(raw, &f) != nil || f == nil {
		return 0, false
	}
	return *f, true
}

// Series returns field (see Value) for every period that has it.
func (r Report) Series(field string) map[string]float64 {
	out := make(map[string]float64, len(r))
	for k := range r {
		if v, ok := r.Value(k, field); ok {
			out[k] = v
		}
	}
	return out
}

// DecodeReport decodes every entry of r into T, e.g.
//
//	type ratings struct{ Begin, End string; Good, Bad, Chats int }
//	m, err := restv2.DecodeReport[ratings](report)
func DecodeReport[T any](r Report) (map[string]T, error) {
	out := make(map[string]T, len(r))
	for k, raw := range r {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("livechat: restv2: report period %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

// RankingEntry is an agent's line of a ranking report.
type RankingEntry struct {
	// Name is the agent's login.
	Name  string         `json:"name"`
	Good  int            `json:"good"`
	Bad   int            `json:"bad"`
	Total int            `json:"total"`
	Score float64        `json:"score"`
	Extra livechat.Extra `json:"-"`
}

// Ranking is the answer of the ranking reports.
type Ranking struct {
	Ranking []RankingEntry `json:"ranking"`
	Extra   livechat.Extra `json:"-"`
}

// ReportsService reads the Reports API v2: /reports/….
type ReportsService struct{ c *Client }

// Get fetches any report by path (GET /reports/<path>). The agents
// occupancy report needs a weekday: use AgentsOccupancy.
func (s *ReportsService) Get(ctx context.Context, path ReportPath, opts ReportOptions) (Report, error) {
	if !slices.Contains(ReportPaths(), path) {
		return nil, livechat.Invalid("report", fmt.Sprintf("unknown report path %q", path))
	}
	if path == ReportAgentsOccupancy {
		return nil, livechat.Required("weekday")
	}
	return s.get(ctx, path, opts, nil)
}

func (s *ReportsService) get(ctx context.Context, path ReportPath, opts ReportOptions, extra func(query)) (Report, error) {
	q, err := opts.query(path)
	if err != nil {
		return nil, err
	}
	if extra != nil {
		extra(q)
	}
	var out Report
	if err := s.c.get(ctx, "/reports/"+string(path), q.values(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *ReportsService) ranking(ctx context.Context, path ReportPath, opts ReportOptions) (*Ranking, error) {
	q, err := opts.query(path)
	if err != nil {
		return nil, err
	}
	var out Ranking
	if err := s.c.get(ctx, "/reports/"+string(path), q.values(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TotalChats returns the number of chats per period ({"chats":n}).
func (s *ReportsService) TotalChats(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportTotalChats, opts, nil)
}

// Engagement returns where chats came from per period
// (chats_from_auto_invite, chats_from_manual_invite, chats_from_immediate_start).
func (s *ReportsService) Engagement(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportEngagement, opts, nil)
}

// NotRepliedChats returns the chats with no agent message per period ({"not_replied":n}).
func (s *ReportsService) NotRepliedChats(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportNotRepliedChats, opts, nil)
}

// ChatRatings returns good and bad chat ratings per period.
func (s *ReportsService) ChatRatings(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportChatRatings, opts, nil)
}

// ChatRanking returns the agents ranked by chat ratings.
func (s *ReportsService) ChatRanking(ctx context.Context, opts ReportOptions) (*Ranking, error) {
	return s.ranking(ctx, ReportChatRanking, opts)
}

// QueuedVisitors returns how many visitors were queued, left the queue or
// entered a chat, per period.
func (s *ReportsService) QueuedVisitors(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportQueuedVisitors, opts, nil)
}

// QueueWaitingTimes returns the minimum, average and maximum queue waiting
// times per period.
func (s *ReportsService) QueueWaitingTimes(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportQueueWaitingTimes, opts, nil)
}

// Availability returns how long agents were available per period ({"hours":h}).
func (s *ReportsService) Availability(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportAvailability, opts, nil)
}

// ChattingTime returns the time spent chatting per period ({"hours":h}).
func (s *ReportsService) ChattingTime(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportChattingTime, opts, nil)
}

// ChatFirstResponseTime returns the average first response time per period
// ({"first_response_time":{"count":n,"seconds":s}}).
func (s *ReportsService) ChatFirstResponseTime(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportChatFirstResponseTime, opts, nil)
}

// ChatResponseTime returns the average response time per period
// ({"avg_response_time":{"count":n,"seconds":s}}).
func (s *ReportsService) ChatResponseTime(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportChatResponseTime, opts, nil)
}

// AgentsOccupancy returns the maximum number of simultaneous chats per
// hour of the given week day (weekday is required).
func (s *ReportsService) AgentsOccupancy(ctx context.Context, weekday Weekday, opts ReportOptions) (Report, error) {
	if weekday == "" {
		return nil, livechat.Required("weekday")
	}
	if err := check.OneOf("weekday", weekday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday); err != nil {
		return nil, err
	}
	return s.get(ctx, ReportAgentsOccupancy, opts, func(q query) { q.Set("weekday", string(weekday)) })
}

// Goals returns the reached goals and tracked sales per period.
func (s *ReportsService) Goals(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportGoals, opts, nil)
}

// Greetings returns the greetings' displayed/accepted/goals conversion per period.
func (s *ReportsService) Greetings(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportGreetings, opts, nil)
}

// NewTickets returns the number of created tickets per period.
func (s *ReportsService) NewTickets(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportNewTickets, opts, nil)
}

// TicketFirstResponseTime returns the tickets' first response time per
// period ({"count":n,"hours":h}).
func (s *ReportsService) TicketFirstResponseTime(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportTicketFirstResponseTime, opts, nil)
}

// SolvedTickets returns the number of solved tickets per period.
func (s *ReportsService) SolvedTickets(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportSolvedTickets, opts, nil)
}

// TicketResolutionTime returns the tickets' resolution time per period
// ({"count":n,"hours":h}).
func (s *ReportsService) TicketResolutionTime(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportTicketResolutionTime, opts, nil)
}

// TicketSources returns the tickets per channel per period.
func (s *ReportsService) TicketSources(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportTicketSources, opts, nil)
}

// TicketRatings returns good and bad ticket ratings per period.
func (s *ReportsService) TicketRatings(ctx context.Context, opts ReportOptions) (Report, error) {
	return s.get(ctx, ReportTicketRatings, opts, nil)
}

// TicketRanking returns the agents ranked by ticket ratings.
func (s *ReportsService) TicketRanking(ctx context.Context, opts ReportOptions) (*Ranking, error) {
	return s.ranking(ctx, ReportTicketRanking, opts)
}
