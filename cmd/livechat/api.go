package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/livechat-go/livechat/dynamic"
	"github.com/livechat-go/livechat/transport/rtm"
)

type apiOptions struct {
	conn     apiFlags
	input    string
	jq       string
	paginate bool
	headers  []string
	rtm      bool
}

func newAPI() *cobra.Command {
	o := &apiOptions{}
	cmd := &cobra.Command{
		Use:   "api [API [ACTION [FIELD=VALUE | FIELD:=JSON]...]]",
		Short: "Call any action of any LiveChat API, from the API description",
		Long: `Call any action of the Agent Chat, Customer Chat and Configuration APIs, the
legacy REST API v2 or the accounts server, as the built-in OpenAPI description
(package api) states it. The arguments are checked against the description
before anything is sent.

  livechat api                          the APIs
  livechat api agent                    the actions of the Agent Chat API
  livechat api agent send_event --help  the arguments of one action
  livechat api agent send_event chat_id=PJ0MRSHTDG event.type=message event.text=Hi

Arguments: FIELD=VALUE sends a string, FIELD:=JSON a JSON value (number,
boolean, null, array or object); dots nest (event.text=hi); --input FILE (or -
for stdin) reads a whole JSON object, which the FIELD arguments then amend.
upload_file takes its file as file=@PATH. REST v2 arguments named like a path
or query parameter go there. Header
parameters of the description are arguments too, or given with -H: on API 3.5
an agent token acts as a bot with -H X-Author-Id:BOT_ID (or X-Author-Id=BOT_ID);
a header the action does not declare is refused before anything is sent.

--rtm sends the action over an RTM connection (agent and customer APIs), the
only way to call the RTM-only actions (set_away_status, …); actions that exist
only over the Web API still go over HTTP.

By default the local emulator (` + defaultAPIURL + `) is called with its
well-known credentials; elsewhere pass --token, --pat or --api-key. The answer
is printed as JSON: indented on a terminal, compact when piped. --jq filters it
(strings print raw); --paginate follows next_page_id and prints every item.

Errors are printed as "type: message" on stderr. Exit status: 0 success,
1 the API answered an error, 2 bad usage or arguments (nothing was sent),
3 no answer (network).`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: o.complete,
		RunE:              func(cmd *cobra.Command, args []string) error { return classifyErr(o.run(cmd, args)) },
	}
	o.conn.register(cmd)
	f := cmd.Flags()
	f.StringVar(&o.input, "input", "", "read the arguments as a JSON object from FILE, or - for stdin")
	f.StringVar(&o.jq, "jq", "", "filter the answer with a jq expression")
	f.BoolVar(&o.paginate, "paginate", false, "follow next_page_id and print the items of every page")
	f.BoolVar(&o.rtm, "rtm", false, "send the action over an RTM connection (agent and customer APIs; the only way for RTM-only actions such as set_away_status)")
	f.StringArrayVarP(&o.headers, "header", "H", nil, "a header parameter of the action as NAME:VALUE or NAME=VALUE (e.g. X-Author-Id:BOT_ID); repeatable")
	_ = cmd.RegisterFlagCompletionFunc("header", o.completeHeader)
	defaultHelp := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if pos := c.Flags().Args(); len(pos) >= 1 && c == cmd {
			if err := o.help(c, pos); err == nil {
				return
			}
		}
		defaultHelp(c, args)
	})
	return cmd
}

func classifyErr(err error) error {
	if err == nil {
		return nil
	}
	return classify(err)
}

func (o *apiOptions) run(cmd *cobra.Command, args []string) error {
	ctx := cmd.Context()
	if len(args) < 2 {
		d, err := o.conn.describer(ctx)
		if err != nil {
			return err
		}
		if len(args) == 0 {
			return listAPIs(cmd.OutOrStdout(), d)
		}
		return listOperations(cmd.OutOrStdout(), d, args[0])
	}
	api, action := args[0], args[1]
	fields, err := parseFields(args[2:])
	if err != nil {
		return err
	}
	body, err := o.readInput(cmd.InOrStdin())
	if err != nil {
		return err
	}
	if err := mergeFields(body, fields); err != nil {
		return err
	}
	out, err := newOutput(cmd.OutOrStdout(), o.jq)
	if err != nil {
		return err
	}
	c, err := o.conn.client(ctx, api, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if err := o.mergeHeaders(c, api, action, body); err != nil {
		return err
	}
	if op, err := c.Operation(api, action); err == nil && !o.rtm && !op.OnWeb() {
		return usageError(fmt.Sprintf("%s.%s exists only over RTM: add --rtm", api, action))
	}
	closeFiles, err := openFiles(c, api, action, body)
	if err != nil {
		return err
	}
	defer closeFiles()
	if o.rtm {
		conn, err := o.overRTM(ctx, c, api, action, body, cmd.ErrOrStderr())
		if err != nil {
			return err
		}
		defer conn.Close()
		if c, err = c.WithRTM(api, conn); err != nil {
			return err
		}
	}
	if o.paginate {
		for item, err := range c.Paginate(ctx, api, action, body) {
			if err != nil {
				return err
			}
			if err := out.print(item); err != nil {
				return err
			}
		}
		return nil
	}
	raw, err := c.Call(ctx, api, action, body)
	if err != nil {
		return err
	}
	return out.print(raw)
}

// readInput reads --input: a JSON object from a file or stdin.
func (o *apiOptions) readInput(stdin io.Reader) (map[string]any, error) {
	body := map[string]any{}
	if o.input == "" {
		return body, nil
	}
	var data []byte
	var err error
	if o.input == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(o.input)
	}
	if err != nil {
		return nil, usageError(fmt.Sprintf("--input: %v", err))
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, usageError(fmt.Sprintf("--input %s is not a JSON object: %v", o.input, err))
	}
	if body == nil {
		body = map[string]any{}
	}
	return body, nil
}

// openFiles turns the FIELD=@PATH arguments of a multipart operation
// (upload_file) into the files to upload; the returned func closes them.
func openFiles(c *dynamic.Client, api, action string, body map[string]any) (func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	op, err := c.Operation(api, action)
	if err != nil || op.MediaType != "multipart/form-data" {
		return closeAll, nil
	}
	for k, v := range body {
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, "@") {
			if k == "file" {
				closeAll()
				return nil, usageError("file: give the file to upload as file=@PATH")
			}
			continue
		}
		f, err := os.Open(s[1:])
		if err != nil {
			closeAll()
			return nil, usageError(fmt.Sprintf("%s=@…: %v", k, err))
		}
		files = append(files, f)
		body[k] = dynamic.File{Name: filepath.Base(f.Name()), Content: f}
	}
	return closeAll, nil
}

// overRTM checks the arguments of an --rtm call, so that a refused one
// opens no connection, and dials the connection.
func (o *apiOptions) overRTM(ctx context.Context, c *dynamic.Client, api, action string, body map[string]any, stderr io.Writer) (*rtm.Conn, error) {
	if api != "agent" && api != "customer" {
		return nil, usageError(fmt.Sprintf("--rtm: RTM serves the agent and customer APIs, not %s", api))
	}
	op, err := c.Operation(api, action)
	if err != nil {
		return nil, err
	}
	if err := op.Validate(body); err != nil {
		return nil, err
	}
	for _, f := range op.Fields {
		for k := range body {
			if f.In == "header" && strings.EqualFold(f.Name, k) && op.OnRTM() {
				return nil, usageError(fmt.Sprintf("--rtm: %s is an HTTP header; an RTM request cannot carry it", f.Name))
			}
		}
	}
	return o.conn.dialRTM(ctx, api, stderr)
}

// mergeHeaders checks the -H headers against the header parameters the
// description declares for the action and adds them to the arguments.
func (o *apiOptions) mergeHeaders(c *dynamic.Client, api, action string, body map[string]any) error {
	if len(o.headers) == 0 {
		return nil
	}
	op, err := c.Operation(api, action)
	if err != nil {
		return err
	}
	var declared []string
	for _, f := range op.Fields {
		if f.In == "header" {
			declared = append(declared, f.Name)
		}
	}
	for _, h := range o.headers {
		i := strings.IndexAny(h, ":=")
		if i <= 0 {
			return usageError(fmt.Sprintf("--header %q is not NAME:VALUE", h))
		}
		name, value := strings.TrimSpace(h[:i]), strings.TrimSpace(h[i+1:])
		j := slices.IndexFunc(declared, func(d string) bool { return strings.EqualFold(d, name) })
		if j < 0 {
			msg := fmt.Sprintf("--header %s: %s.%s (API %s) has no header parameter %s", name, api, action, op.Version, name)
			if len(declared) > 0 {
				msg += " (its headers: " + strings.Join(declared, ", ") + ")"
			} else {
				msg += " (it declares none)"
			}
			return usageError(msg)
		}
		for k := range body {
			if strings.EqualFold(k, name) {
				return usageError(fmt.Sprintf("%s is given twice (as --header and as an argument)", declared[j]))
			}
		}
		body[declared[j]] = value
	}
	return nil
}

// field is one FIELD=VALUE or FIELD:=JSON argument.
type field struct {
	path  []string
	value any
}

// parseFields parses the FIELD=VALUE and FIELD:=JSON arguments.
func parseFields(args []string) ([]field, error) {
	var out []field
	for _, a := range args {
		i := strings.IndexByte(a, '=')
		if i <= 0 {
			return nil, usageError(fmt.Sprintf("argument %q is not FIELD=VALUE or FIELD:=JSON", a))
		}
		key, val := a[:i], a[i+1:]
		var v any = val
		if strings.HasSuffix(key, ":") {
			key = strings.TrimSuffix(key, ":")
			dec := json.NewDecoder(strings.NewReader(val))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				return nil, usageError(fmt.Sprintf("%s:= needs a JSON value: %v (quote strings with FIELD=VALUE)", key, err))
			}
			if dec.More() {
				return nil, usageError(fmt.Sprintf("%s:= has more than one JSON value", key))
			}
		}
		path := strings.Split(key, ".")
		if slices.Contains(path, "") {
			return nil, usageError(fmt.Sprintf("argument %q has an empty field name", a))
		}
		out = append(out, field{path: path, value: v})
	}
	return out, nil
}

// mergeFields sets each field in body, creating nested objects.
func mergeFields(body map[string]any, fields []field) error {
	for _, f := range fields {
		m := body
		for i, k := range f.path[:len(f.path)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				if _, exists := m[k]; exists {
					return usageError(fmt.Sprintf("%s is not an object, cannot set %s", strings.Join(f.path[:i+1], "."), strings.Join(f.path, ".")))
				}
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		m[f.path[len(f.path)-1]] = f.value
	}
	return nil
}

func listAPIs(w io.Writer, d *dynamic.Client) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "API\tTITLE\tACTIONS")
	for _, a := range d.APIs() {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", a.Name, a.Title, a.Operations)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nlivechat api API lists the actions of an API (API version %s).\n", d.Version())
	return err
}

func listOperations(w io.Writer, d *dynamic.Client, api string) error {
	ops := d.Operations(api)
	if len(ops) == 0 {
		_, err := d.Operation(api, "")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tWIRE\tSUMMARY")
	for _, op := range ops {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", op.Action, strings.Join(op.Transports, "+"), op.Summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nlivechat api %s ACTION --help shows the arguments of an action.\n", api)
	return err
}

// help prints the arguments of an operation (or lists the API's actions).
func (o *apiOptions) help(cmd *cobra.Command, pos []string) error {
	d, err := o.conn.describer(cmd.Context())
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if len(pos) == 1 {
		return listOperations(w, d, pos[0])
	}
	op, err := d.Operation(pos[0], pos[1])
	if err != nil {
		return err
	}
	printOperation(w, op)
	return nil
}

func printOperation(w io.Writer, op *dynamic.Operation) {
	fmt.Fprintf(w, "%s.%s (API %s) — %s\n", op.API, op.Action, op.Version, op.Summary)
	if op.Description != "" && op.Description != op.Summary {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(op.Description))
	}
	fmt.Fprintln(w)
	if op.Method != "" {
		fmt.Fprintf(w, "  %s %s\n", op.Method, op.Path)
	}
	fmt.Fprintf(w, "  transports: %s\n", strings.Join(op.Transports, ", "))
	if op.MediaType != "" && op.MediaType != "application/json" {
		fmt.Fprintf(w, "  body: %s\n", op.MediaType)
	}
	switch p := op.Pagination; {
	case p == nil:
	case p.Pages != "":
		fmt.Fprintf(w, "  paged: items in %q, numbered pages (%s, up to %s; use --paginate)\n", p.Items, p.Page, p.Pages)
	default:
		fmt.Fprintf(w, "  paged: items in %q, next page with %s (use --paginate)\n", p.Items, p.PageID)
	}
	if op.Deprecated {
		fmt.Fprintln(w, "  deprecated")
	}
	fmt.Fprintln(w, "\nArguments (* required):")
	if len(op.Fields) == 0 {
		fmt.Fprintln(w, "  none")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range op.Fields {
		mark := " "
		if f.Required {
			mark = "*"
		}
		typ := f.Type
		if typ == "" {
			typ = "any"
		}
		desc := f.Description
		if len(f.Enum) > 0 {
			desc = strings.TrimSpace(desc + " one of: " + strings.Join(f.Enum, ", "))
		}
		if f.In != "body" {
			desc = strings.TrimSpace("(" + f.In + ") " + desc)
		}
		indent := strings.Repeat("  ", strings.Count(f.Name, "."))
		fmt.Fprintf(tw, "  %s %s%s\t%s\t%s\n", mark, indent, f.Name, typ, firstLine(desc))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nExample:\n  livechat api %s %s%s\n", op.API, op.Action, exampleArgs(op))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// exampleArgs writes the required top-level arguments as FIELD=VALUE.
func exampleArgs(op *dynamic.Operation) string {
	var b strings.Builder
	for _, f := range op.Fields {
		if !f.Required || strings.Contains(f.Name, ".") {
			continue
		}
		switch {
		case op.MediaType == "multipart/form-data" && f.Name == "file":
			b.WriteString(" file=@PATH")
		case f.Type == "string":
			fmt.Fprintf(&b, " %s=…", f.Name)
		case f.Type == "object":
			fmt.Fprintf(&b, " %s:='{…}'", f.Name)
		case f.Type == "array":
			fmt.Fprintf(&b, " %s:='[…]'", f.Name)
		default:
			fmt.Fprintf(&b, " %s:=…", f.Name)
		}
	}
	return b.String()
}

// complete completes APIs, actions and field names from the description.
func (o *apiOptions) complete(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	d, err := o.conn.describer(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	switch len(args) {
	case 0:
		var out []string
		for _, a := range d.APIs() {
			out = append(out, a.Name+"\t"+a.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	case 1:
		var out []string
		for _, op := range d.Operations(args[0]) {
			out = append(out, op.Action+"\t"+op.Summary)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	op, err := d.Operation(args[0], args[1])
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	given := map[string]bool{}
	for _, a := range args[2:] {
		if k, _, ok := strings.Cut(a, "="); ok {
			given[strings.TrimSuffix(k, ":")] = true
		}
	}
	var out []string
	for _, f := range op.Fields {
		if given[f.Name] || f.Type == "object" {
			continue
		}
		sep := "="
		if f.Type != "string" && f.Type != "" {
			sep = ":="
		}
		if len(f.Enum) > 0 && strings.HasPrefix(toComplete, f.Name+sep) {
			for _, e := range f.Enum {
				out = append(out, f.Name+sep+e)
			}
			continue
		}
		desc := f.Type
		if f.Required {
			desc += ", required"
		}
		out = append(out, f.Name+sep+"\t"+desc)
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

// completeHeader completes --header with the header parameters of the
// action named by the arguments.
func (o *apiOptions) completeHeader(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) < 2 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	d, err := o.conn.describer(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	op, err := d.Operation(args[0], args[1])
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []string
	for _, f := range op.Fields {
		if f.In == "header" {
			out = append(out, f.Name+":\t"+firstLine(f.Description))
		}
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}
