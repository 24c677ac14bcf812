package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the zone data travels with every binary

	"github.com/zeebo/xxh3"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/event"
)

// Decode reads a policy override: the built-in policy with the keys the file
// sets replaced. Unknown keys are errors; every problem is reported at once,
// each with its line. A file without an id gets the built-in id followed by
// "+" and a fingerprint of the resulting policy, so that a result never
// claims the district's method when it was computed under changed rules.
func Decode(data []byte) (*Policy, error) {
	p := Builtin()
	p.ID = ""
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, namePaths(&root, te)
		}
		return nil, err
	}
	if p.ID == "" {
		p.ID = BuiltinID + "+" + p.fingerprint()
	}
	if errs := p.Validate(); len(errs) > 0 {
		msgs := make([]error, len(errs))
		for i, e := range errs {
			if line := lineOf(&root, e.Path); line > 0 {
				msgs[i] = fmt.Errorf("line %d: %s", line, e)
			} else {
				msgs[i] = e
			}
		}
		return nil, errors.Join(msgs...)
	}
	return p, nil
}

// Load reads the policy file at path; errors name the file.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// LoadOrBuiltin is Load of path, or the built-in policy (the district's
// method) when path is empty: the one rule by which the command line and
// the functions pick their policy.
func LoadOrBuiltin(path string) (*Policy, error) {
	if path == "" {
		return Builtin(), nil
	}
	return Load(path)
}

// Problem is one invalid value of a policy, at a dotted key path.
type Problem struct {
	Path   string
	Reason string
}

func (p Problem) Error() string { return p.Path + ": " + p.Reason }

// Validate returns every problem of the policy.
func (p *Policy) Validate() []Problem {
	var out []Problem
	bad := func(path, format string, args ...any) {
		out = append(out, Problem{path, fmt.Sprintf(format, args...)})
	}
	if p.ID == "" || len(p.ID) > 64 {
		bad("id", "must be 1 to 64 characters")
	}
	if p.Version != 1 {
		bad("version", "must be 1, the only policy format there is")
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || p.Timezone == "" {
		bad("timezone", "%q is not a known time zone", p.Timezone)
	}
	positive := func(path string, d Number) {
		if !d.IsPositive() {
			bad(path, "must be more than 0")
		}
	}
	notNegative := func(path string, d Number) {
		if d.IsNegative() {
			bad(path, "must be 0 or more")
		}
	}
	deduction := func(path string, d Deduction) {
		positive(path+".max", d.Max)
		notNegative(path+".per_item", d.PerItem)
	}
	positive("organization.max", p.Organization.Max)
	if p.Organization.StaffingThreshold < 0 {
		bad("organization.staffing_threshold", "must be 0 or more")
	}
	if p.Organization.MinStaff < 0 {
		bad("organization.min_staff", "must be 0 or more")
	}
	if r := p.Organization.StaffingRule; r != StaffingZero && r != StaffingFlag {
		bad("organization.staffing_rule", "%q must be %s or %s", r, StaffingZero, StaffingFlag)
	}
	deduction("late_returns", p.LateReturns.Deduction)
	if p.LateReturns.WorkingHours <= 0 {
		bad("late_returns.working_hours", "must be more than 0")
	}
	deduction("noncompliant_returns", p.NoncompliantReturns)
	deduction("overdue", p.Overdue)
	deduction("supervision", p.Supervision)
	s := p.Satisfaction
	if s.Mode != Stepwise && s.Mode != Proportional {
		bad("satisfaction.mode", "%q must be %s or %s", s.Mode, Stepwise, Proportional)
	}
	if s.Average != DistrictAverage && s.Average != GroupAverage {
		bad("satisfaction.average", "%q must be %s or %s", s.Average, DistrictAverage, GroupAverage)
	}
	if len(s.SatisfiedLevels) == 0 {
		bad("satisfaction.satisfied_levels", "must name at least one answer")
	}
	for i, l := range s.SatisfiedLevels {
		if !slices.Contains(event.Answers, l) {
			bad(fmt.Sprintf("satisfaction.satisfied_levels[%d]", i), "%q is not one of %v", l, event.Answers)
		}
	}
	positive("satisfaction.max", s.Max)
	positive("satisfaction.step_pp", s.StepPP)
	notNegative("satisfaction.per_step", s.PerStep)
	notNegative("satisfaction.per_pp", s.PerPP)
	notNegative("criticism.per_item", p.Criticism.PerItem)
	g := p.Grades
	if !(g.Excellent.GreaterThan(g.Good.Decimal) && g.Good.GreaterThan(g.Pass.Decimal) && g.Pass.IsPositive()) {
		bad("grades", "must satisfy excellent > good > pass > 0")
	}
	if p.Ranking.BottomCount < 0 {
		bad("ranking.bottom_count", "must be 0 or more")
	}
	if m := p.Ranking.BottomMaxTotal; m != nil {
		positive("ranking.bottom_max_total", *m)
	}
	if p.Assessment.MonthlyMinCallbackTickets < 1 {
		bad("assessment.monthly_min_callback_tickets", "must be 1 or more")
	}
	if p.Assessment.AnnualMinCallbackTickets < 1 {
		bad("assessment.annual_min_callback_tickets", "must be 1 or more")
	}
	if p.Returns.SuperviseOver < 0 {
		bad("returns.supervise_over", "must be 0 or more")
	}
	if d := p.Appeals.WindowWorkingDays; d < 1 || d > 30 {
		bad("appeals.window_working_days", "must be 1 to 30 working days, not %d", d)
	}
	return out
}

// Fingerprint is a short stable hash of the policy's values, id included:
// results record it, so that a policy changed under the same id shows.
func (p *Policy) Fingerprint() string { return p.fingerprint() }

// fingerprint is a short stable hash of the policy's values. The switches
// of v1.1 enter it only when set away from their defaults, so that a policy
// file written before them keeps its fingerprint, and its derived id.
func (p *Policy) fingerprint() string {
	q := *p
	q.Appeals = Appeals{} // the cycle, not the scores
	if q.Satisfaction.Average == DistrictAverage {
		q.Satisfaction.Average = ""
	}
	if q.Organization.StaffingRule == StaffingZero {
		q.Organization.StaffingRule = ""
	}
	data, err := yaml.Marshal(&q)
	if err != nil {
		panic(fmt.Sprintf("policy: encode: %v", err))
	}
	return fmt.Sprintf("%08x", uint32(xxh3.Hash(data)))
}

// namePaths adds the key path to each "line N: ..." message of a decoding
// error, so that a wrong value names its key.
func namePaths(root *yaml.Node, te *yaml.TypeError) error {
	errs := make([]error, len(te.Errors))
	for i, msg := range te.Errors {
		var line int
		if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
			if path := pathAt(root, line, ""); path != "" {
				rest := strings.TrimSpace(strings.SplitN(msg, ":", 2)[1])
				msg = fmt.Sprintf("line %d: %s: %s", line, path, rest)
			}
		}
		errs[i] = errors.New(msg)
	}
	return errors.Join(errs...)
}

// pathAt finds the dotted key path whose value starts at line.
func pathAt(n *yaml.Node, line int, prefix string) string {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if p := pathAt(c, line, prefix); p != "" {
				return p
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if prefix != "" {
				key = prefix + "." + key
			}
			v := n.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.Line == line {
				return key
			}
			if p := pathAt(v, line, key); p != "" {
				return p
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			key := fmt.Sprintf("%s[%d]", prefix, i)
			if c.Kind == yaml.ScalarNode && c.Line == line {
				return key
			}
			if p := pathAt(c, line, key); p != "" {
				return p
			}
		}
	}
	return ""
}

// lineOf finds the line of the key at a dotted path (indexes dropped).
func lineOf(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range strings.Split(path, ".") {
		key, _, _ = strings.Cut(key, "[")
		if n == nil || n.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, next = n.Content[i].Line, n.Content[i+1]
				break
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}
