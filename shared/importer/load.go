package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/importer/mappings"
)

var sourceRule = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)

// Load reads the mapping file at path; errors name the file. Times
// written without an offset are in zone unless the file names one.
func Load(file string, zone *time.Location) (*Mapping, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m, err := Parse(data, zone)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// CentreWorkbook is the built-in mapping of the centre's workbook
// (mappings.CentreWorkbook, 中心记录.xlsx), which every import reads with
// after the mapping it is given, if any.
func CentreWorkbook(zone *time.Location) (*Mapping, error) {
	m, err := Parse(mappings.CentreWorkbook, zone)
	if err != nil {
		return nil, fmt.Errorf("the built-in mapping of the centre's workbook: %w", err)
	}
	return m, nil
}

// Parse reads a mapping strictly: an unknown key, a key set twice or a
// value of the wrong kind is an error, and every problem of the mapping is
// reported at once (errors.Join), each with its line.
func Parse(data []byte, zone *time.Location) (*Mapping, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	var raw rawMapping
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the mapping is empty")
		}
		return nil, err
	}
	c := &checker{root: &root}
	m := c.mapping(&raw, zone)
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return m, nil
}

// checker gathers the problems of a mapping, each at its line.
type checker struct {
	root *yaml.Node
	errs []error
}

// at records a problem of the value at path.
func (c *checker) at(path, format string, args ...any) {
	msg := path + ": " + fmt.Sprintf(format, args...)
	if line := lineOf(c.root, path); line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	c.errs = append(c.errs, errors.New(msg))
}

// atNode records a problem at a node's line.
func (c *checker) atNode(n *yaml.Node, path, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("line %d: %s: %s", n.Line, path, fmt.Sprintf(format, args...)))
}

func (c *checker) mapping(raw *rawMapping, zone *time.Location) *Mapping {
	m := &Mapping{Source: raw.Source, Zone: zone, TimeFormats: raw.TimeFormats}
	if !sourceRule.MatchString(raw.Source) {
		c.at("source", "%q must be 1 to 32 characters of A-Z a-z 0-9 _ . - (it is part of every event id)", raw.Source)
	}
	if raw.Zone != "" {
		loc, err := time.LoadLocation(raw.Zone)
		if err != nil {
			c.at("zone", "%q is not a time zone (e.g. Asia/Shanghai)", raw.Zone)
		}
		m.Zone = loc
	}
	if m.Zone == nil {
		m.Zone = time.UTC
	}
	probe := time.Date(2026, 10, 9, 10, 15, 7, 0, time.UTC)
	for i, f := range raw.TimeFormats {
		if !strings.Contains(probe.Format(f), "2026") {
			c.at(fmt.Sprintf("time_formats[%d]", i), "%q is not a Go time layout with a year (write 2006 for the year, 1 or 01 for the month, 2 or 02 for the day, 15:04:05 for the time)", f)
		}
	}
	values := c.values("values", raw.Values, event.Type(0))
	if len(raw.Tables) == 0 {
		c.at("tables", "at least one table is required")
	}
	for i := range raw.Tables {
		m.Tables = append(m.Tables, c.table(fmt.Sprintf("tables[%d]", i), &raw.Tables[i], values))
	}
	return m
}

func (c *checker) table(p string, raw *rawTable, values map[string]map[string]string) Table {
	t := Table{Name: raw.Name, Sheet: raw.Sheet, HeaderRow: raw.HeaderRow}
	if t.Name == "" {
		c.at(p+".name", "a table needs a name, for the messages")
	}
	if t.Sheet == "" {
		t.Sheet = "*"
	}
	if _, err := path.Match(t.Sheet, ""); err != nil {
		c.at(p+".sheet", "%q is not a glob (* ? [..])", t.Sheet)
	}
	if t.HeaderRow < 1 {
		c.at(p+".header_row", "the row of the headers is required, from 1")
	}
	t.Columns = c.columns(p+".columns", &raw.Columns)
	has := func(key string) bool {
		return slices.ContainsFunc(t.Columns, func(col Column) bool { return col.Key == key })
	}
	if raw.EndBefore != nil {
		t.EndBefore = &EndRule{Column: raw.EndBefore.Column, Prefix: raw.EndBefore.Prefix}
		if !has(t.EndBefore.Column) {
			c.at(p+".end_before.column", "%q is not a column of this table", t.EndBefore.Column)
		}
		if t.EndBefore.Prefix == "" {
			c.at(p+".end_before.prefix", "the text the totals row starts with is required")
		}
	}
	if len(raw.Events) == 0 {
		c.at(p+".events", "at least one event is required")
	}
	for i := range raw.Events {
		t.Events = append(t.Events, c.event(fmt.Sprintf("%s.events[%d]", p, i), &raw.Events[i], has, values))
	}
	return t
}

// columns reads the columns mapping in its order.
func (c *checker) columns(p string, n *yaml.Node) []Column {
	if n.Kind == 0 || n.Tag == "!!null" {
		c.at(p, "at least one column is required")
		return nil
	}
	if n.Kind != yaml.MappingNode {
		c.atNode(n, p, "must be a mapping of names to header texts")
		return nil
	}
	var cols []Column
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var rc rawColumn
		if err := v.Decode(&rc); err != nil {
			c.atNode(v, p+"."+k.Value, "%v", err)
			continue
		}
		col := Column{Key: k.Value, Optional: rc.Optional}
		for h := range strings.SplitSeq(rc.Header, "|") {
			if h = strings.TrimSpace(h); h != "" {
				col.Headers = append(col.Headers, h)
			}
		}
		switch {
		case len(col.Headers) == 0:
			c.atNode(v, p+"."+k.Value, "the header text is required")
		case slices.ContainsFunc(cols, func(o Column) bool { return o.Key == col.Key }):
			c.atNode(k, p+"."+k.Value, "the column %q is named twice", col.Key)
		}
		cols = append(cols, col)
	}
	if len(cols) == 0 {
		c.atNode(n, p, "at least one column is required")
	}
	return cols
}

func (c *checker) event(p string, raw *rawEvent, has func(string) bool, mappingValues map[string]map[string]string) EventRule {
	t, ok := event.ParseType(raw.Type)
	if !ok {
		names := make([]string, 0, len(event.Types()))
		for _, x := range event.Types() {
			names = append(names, x.String())
		}
		c.at(p+".type", "%q is not an event type (%s)", raw.Type, strings.Join(names, ", "))
		return EventRule{}
	}
	r := EventRule{Type: t, At: raw.At, values: map[string]map[string]string{}}
	if !has(raw.At) {
		c.at(p+".at", "the column of the event's time is required: %q is not a column of this table", raw.At)
	}
	if raw.When != nil {
		r.When = &Cond{Column: raw.When.Column, Equals: raw.When.Equals}
		if !has(r.When.Column) {
			c.at(p+".when", "%q is not a column of this table", r.When.Column)
		}
	}
	required, optional := event.FieldsOf(t)
	given := map[string]bool{}
	if raw.Fields.Kind != 0 && raw.Fields.Kind != yaml.MappingNode {
		c.atNode(&raw.Fields, p+".fields", "must be a mapping of fields to columns")
	}
	for i := 0; raw.Fields.Kind == yaml.MappingNode && i+1 < len(raw.Fields.Content); i += 2 {
		k, v := raw.Fields.Content[i], raw.Fields.Content[i+1]
		fp := p + ".fields." + k.Value
		var rf rawField
		if err := v.Decode(&rf); err != nil {
			c.atNode(v, fp, "%v", err)
			continue
		}
		switch {
		case !slices.Contains(required, k.Value) && !slices.Contains(optional, k.Value):
			c.atNode(k, fp, "%s has no field %q (it has %s)", t, k.Value, strings.Join(append(slices.Clone(required), optional...), ", "))
			continue
		case given[k.Value]:
			c.atNode(k, fp, "the field is given twice")
			continue
		case !rf.Constant && !has(rf.Column):
			c.atNode(v, fp, "%q is not a column of this table", rf.Column)
		}
		given[k.Value] = true
		r.Fields = append(r.Fields, FieldRule{Field: k.Value, Column: rf.Column, Value: string(rf.Value), Constant: rf.Constant})
	}
	for _, f := range required {
		if !given[f] {
			c.at(p+".fields", "%s requires the field %s (SPEC §3): give its column", t, f)
		}
	}
	for f, vocab := range mappingValues {
		r.values[f] = vocab
	}
	for f, vocab := range c.values(p+".values", raw.Values, t) {
		r.values[f] = vocab
	}
	return r
}

// values reads vocabularies, checking that each maps to a value the
// contract takes for its field (for the events of type t; any type when 0).
func (c *checker) values(p string, raw map[string]map[string]scalar, t event.Type) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, f := range sorted(mapKeys(raw)) {
		vocab := map[string]string{}
		for _, text := range sorted(mapKeys(raw[f])) {
			v := string(raw[f][text])
			if allowed := vocabulary(f, t); allowed != nil && !slices.Contains(allowed, v) {
				c.at(p+"."+f+"."+text, "%q is not a value of %s (%s)", v, f, strings.Join(allowed, ", "))
			}
			vocab[strings.TrimFunc(text, isBlank)] = v
		}
		out[f] = vocab
	}
	return out
}

// vocabulary lists the values the contract takes for field f of events of
// type t (0: any type), or nil when the field is free.
func vocabulary(f string, t event.Type) []string {
	switch f {
	case "channel":
		return event.Channels
	case "result", "process":
		return event.Answers
	case "meeting":
		return event.Meetings
	case "noncompliant", "citizen_contacted", "connected":
		return []string{"true", "false"}
	case "rule":
		return event.DeductionRules
	case "reason":
		switch t {
		case event.Redo:
			return event.RedoReasons
		case event.Criticized:
			return event.CriticismReasons
		}
	}
	return nil
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
