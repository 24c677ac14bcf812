package policy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/policy"
)

var policyOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
}

// ignoreID compares policies without their ids.
var ignoreID = cmpopts.IgnoreFields(policy.Policy{}, "ID")

var derivedID = regexp.MustCompile(`^shizhong-2022-7\+[0-9a-f]{8}$`)

func d(s string) policy.Number { return policy.N(s) }

func ptr[T any](v T) *T { return &v }

// method is the district's method as SPEC §6–7 state it, written out here
// independently of Builtin.
func method() *policy.Policy {
	return &policy.Policy{
		ID:       "shizhong-2022-7",
		Version:  1,
		Timezone: "Asia/Shanghai",
		Organization: policy.Organization{
			Max: d("10"), StaffingThreshold: 100, MinStaff: 2, StaffingRule: "zero",
		},
		LateReturns: policy.LateReturns{
			Deduction:    policy.Deduction{Max: d("10"), PerItem: d("0.2")},
			WorkingHours: 24,
		},
		NoncompliantReturns: policy.Deduction{Max: d("10"), PerItem: d("0.5")},
		Overdue:             policy.Deduction{Max: d("20"), PerItem: d("0.5")},
		Supervision:         policy.Deduction{Max: d("10"), PerItem: d("0.5")},
		Satisfaction: policy.Satisfaction{
			Mode:            "stepwise",
			SatisfiedLevels: []string{"satisfied", "basically_satisfied"},
			Max:             d("20"),
			StepPP:          d("0.1"),
			PerStep:         d("0.05"),
			PerPP:           d("0.5"),
			Average:         "district",
		},
		Criticism:  policy.Criticism{PerItem: d("0.5")},
		Grades:     policy.Grades{Excellent: d("85"), Good: d("75"), Pass: d("60")},
		Ranking:    policy.Ranking{BottomCount: 3},
		Assessment: policy.Assessment{MonthlyMinCallbackTickets: 1, AnnualMinCallbackTickets: 5},
		Returns:    policy.Returns{SuperviseOver: 3},
		Appeals:    policy.Appeals{WindowWorkingDays: 3, AutoFinalize: true}, // §12
	}
}

func mustDecode(t *testing.T, yaml string) *policy.Policy {
	t.Helper()
	p, err := policy.Decode([]byte(yaml))
	if err != nil {
		t.Fatalf("Decode(%q): %v", yaml, err)
	}
	return p
}

// problemLines extracts the "line N: path" prefix of each line of a joined
// error.
func problemLines(err error) []string {
	re := regexp.MustCompile(`^(line \d+: [a-z_.\[\]0-9]+):`)
	var out []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			out = append(out, m[1])
		} else {
			out = append(out, "?? "+l)
		}
	}
	return out
}

func TestBuiltin(t *testing.T) {
	p := policy.Builtin()
	if diff := cmp.Diff([]policy.Problem(nil), p.Validate()); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("shizhong-2022-7", p.ID); diff != "" {
		t.Errorf("ID (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(policy.BuiltinID, p.ID); diff != "" {
		t.Errorf("BuiltinID (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(method(), p, policyOpts); diff != "" {
		t.Errorf("Builtin is not the method (-want +got):\n%s", diff)
	}
	loc, err := p.Location()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("Asia/Shanghai", loc.String()); diff != "" {
		t.Errorf("Location (-want +got):\n%s", diff)
	}
	// Each call is a fresh copy: changing one does not change the next.
	p.Satisfaction.SatisfiedLevels[0] = "dissatisfied"
	p.Ranking.BottomCount = 9
	if diff := cmp.Diff(method(), policy.Builtin(), policyOpts); diff != "" {
		t.Errorf("Builtin changed by a caller (-want +got):\n%s", diff)
	}
}

func TestDecodeOverride(t *testing.T) {
	tests := []struct {
		name   string
		yaml   string
		id     string // "" : a derived id shizhong-2022-7+<8 hex>
		mutate func(p *policy.Policy)
	}{
		{
			name:   "proportional keeps every other default",
			yaml:   "satisfaction:\n  mode: proportional\n",
			mutate: func(p *policy.Policy) { p.Satisfaction.Mode = "proportional" },
		},
		{
			name: "with an id",
			yaml: "id: x\nsatisfaction:\n  mode: proportional\n",
			id:   "x",
			mutate: func(p *policy.Policy) {
				p.Satisfaction.Mode = "proportional"
			},
		},
		{
			name:   "only an id",
			yaml:   "id: district-2027\n",
			id:     "district-2027",
			mutate: func(p *policy.Policy) {},
		},
		{
			name:   "satisfied levels replaced, not appended",
			yaml:   "satisfaction:\n  satisfied_levels: [satisfied]\n",
			mutate: func(p *policy.Policy) { p.Satisfaction.SatisfiedLevels = []string{"satisfied"} },
		},
		{
			name:   "bottom count",
			yaml:   "ranking:\n  bottom_count: 5\n",
			mutate: func(p *policy.Policy) { p.Ranking.BottomCount = 5 },
		},
		{
			name: "decimals, inline deduction and working hours",
			yaml: "late_returns:\n  per_item: 0.25\n  working_hours: 48\noverdue:\n  max: \"15\"\n",
			mutate: func(p *policy.Policy) {
				p.LateReturns.PerItem = d("0.25")
				p.LateReturns.WorkingHours = 48
				p.Overdue.Max = d("15")
			},
		},
		{
			name:   "flow style",
			yaml:   "{satisfaction: {mode: proportional, per_pp: 0.4}}\n",
			mutate: func(p *policy.Policy) { p.Satisfaction.Mode = "proportional"; p.Satisfaction.PerPP = d("0.4") },
		},
		{
			name:   "another time zone",
			yaml:   "timezone: Asia/Urumqi\n",
			mutate: func(p *policy.Policy) { p.Timezone = "Asia/Urumqi" },
		},
		{
			name:   "§6 v1.1 ranking.bottom_max_total",
			yaml:   "ranking:\n  bottom_max_total: 85\n",
			mutate: func(p *policy.Policy) { p.Ranking.BottomMaxTotal = ptr(d("85")) },
		},
		{
			name:   "§6 v1.1 ranking.bottom_max_total with decimals",
			yaml:   "ranking: {bottom_max_total: 84.5}\n",
			mutate: func(p *policy.Policy) { p.Ranking.BottomMaxTotal = ptr(d("84.5")) },
		},
		{
			name:   "§6 v1.1 ranking.bottom_max_total null is none",
			yaml:   "ranking: {bottom_max_total: null}\n",
			mutate: func(p *policy.Policy) {},
		},
		{
			name:   "§6 v1.1 satisfaction.average group",
			yaml:   "satisfaction:\n  average: group\n",
			mutate: func(p *policy.Policy) { p.Satisfaction.Average = "group" },
		},
		{
			name:   "§6 v1.1 satisfaction.average district restated",
			yaml:   "satisfaction:\n  average: district\n",
			mutate: func(p *policy.Policy) {},
		},
		{
			name:   "§6 v1.1 organization.staffing_rule flag",
			yaml:   "organization:\n  staffing_rule: flag\n",
			mutate: func(p *policy.Policy) { p.Organization.StaffingRule = "flag" },
		},
		{
			name: "§6 v1.1 the three switches at once",
			yaml: "ranking: {bottom_max_total: 85}\nsatisfaction: {average: group}\norganization: {staffing_rule: flag}\n",
			mutate: func(p *policy.Policy) {
				p.Ranking.BottomMaxTotal = ptr(d("85"))
				p.Satisfaction.Average = "group"
				p.Organization.StaffingRule = "flag"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustDecode(t, tt.yaml)
			want := method()
			tt.mutate(want)
			if diff := cmp.Diff(want, got, policyOpts, ignoreID); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
			if tt.id != "" {
				if diff := cmp.Diff(tt.id, got.ID); diff != "" {
					t.Errorf("ID (-want +got):\n%s", diff)
				}
			} else if !derivedID.MatchString(got.ID) {
				t.Errorf("ID %q does not match %s", got.ID, derivedID)
			}
			if diff := cmp.Diff([]policy.Problem(nil), got.Validate()); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
			// The id is stable across calls.
			again := mustDecode(t, tt.yaml)
			if diff := cmp.Diff(got.ID, again.ID); diff != "" {
				t.Errorf("ID of a second Decode (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDerivedID: the derived id is a fingerprint of the resulting policy:
// the same rules written differently get the same id, other rules another.
func TestDerivedID(t *testing.T) {
	id := func(yaml string) string {
		t.Helper()
		return mustDecode(t, yaml).ID
	}
	builtinLike := id("")
	proportional := id("satisfaction:\n  mode: proportional\n")
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"empty", "", builtinLike},
		{"comment only", "# no changes\n", builtinLike},
		{"defaults restated", "ranking:\n  bottom_count: 3\nsatisfaction:\n  mode: stepwise\n", builtinLike},
		{"v1.1 defaults restated", "satisfaction: {average: district}\norganization: {staffing_rule: zero}\nranking: {bottom_max_total: null}\n", builtinLike},
		{"proportional, flow style", "satisfaction: {mode: proportional}\n", proportional},
		{"proportional with a comment", "# proportional\nsatisfaction:\n  mode: proportional # 0.5 per pp\n", proportional},
		{"proportional with a restated default", "ranking: {bottom_count: 3}\nsatisfaction:\n  mode: proportional\n", proportional},
		// §12: the cycle is not a rule of the scores; it leaves the id alone.
		{"appeals set", "appeals: {window_working_days: 5, auto_finalize: false}\n", builtinLike},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, id(tt.yaml)); diff != "" {
				t.Errorf("ID (-want +got):\n%s", diff)
			}
		})
	}
	differ := map[string]string{
		"builtin-like": builtinLike,
		"proportional": proportional,
		"bottom 4":     id("ranking: {bottom_count: 4}\n"),
		"levels":       id("satisfaction: {satisfied_levels: [satisfied]}\n"),
		"per_item":     id("overdue: {per_item: 0.6}\n"),
		// §6 v1.1: each switch set changes the id.
		"bottom_max_total 85":   id("ranking: {bottom_max_total: 85}\n"),
		"bottom_max_total 90":   id("ranking: {bottom_max_total: 90}\n"),
		"average group":         id("satisfaction: {average: group}\n"),
		"staffing_rule flag":    id("organization: {staffing_rule: flag}\n"),
		"proportional by group": id("satisfaction: {mode: proportional, average: group}\n"),
	}
	seen := map[string]string{}
	for name, v := range differ {
		if !derivedID.MatchString(v) {
			t.Errorf("%s: ID %q does not match %s", name, v, derivedID)
		}
		if other, dup := seen[v]; dup {
			t.Errorf("%s and %s share the id %s", name, other, v)
		}
		seen[v] = name
	}
}

// TestFingerprintOfV10Files: the switches of v1.1 left at their defaults do
// not enter the fingerprint, so a policy file written before them keeps the
// derived id its results were stored under (ids taken from the code before
// the switches existed).
func TestFingerprintOfV10Files(t *testing.T) {
	for yaml, want := range map[string]string{
		"":                                      "shizhong-2022-7+8d712700",
		"satisfaction:\n  mode: proportional\n": "shizhong-2022-7+7d2441ad",
		"ranking: {bottom_count: 4}\n":          "shizhong-2022-7+61d1c95b",
	} {
		if diff := cmp.Diff(want, mustDecode(t, yaml).ID); diff != "" {
			t.Errorf("ID of %q (-want +got):\n%s", yaml, diff)
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, yaml := range []string{"", "\n", "# nothing here\n", "---\n"} {
		t.Run(yaml, func(t *testing.T) {
			got := mustDecode(t, yaml)
			if diff := cmp.Diff(policy.Builtin(), got, policyOpts, ignoreID); diff != "" {
				t.Errorf("Decode of an empty file (-want +got):\n%s", diff)
			}
			if !derivedID.MatchString(got.ID) {
				t.Errorf("ID %q does not match %s", got.ID, derivedID)
			}
		})
	}
}

func TestDecodeUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error
	}{
		{"top level", "id: x\nbottom_count: 3\n", []string{"line 2", "bottom_count"}},
		{"nested", "satisfaction:\n  mode: stepwise\n  modus: proportional\n", []string{"line 3", "modus"}},
		{"in an inline struct", "late_returns:\n  per_items: 0.3\n", []string{"line 2", "per_items"}},
		{"two unknown keys", "a: 1\nranking:\n  bottom_count: 3\n  top_count: 3\n", []string{"line 1: a: field a not found", "line 4", "top_count"}},
		{"v1.1: a misspelt switch", "ranking:\n  bottom_max: 85\n", []string{"line 2", "bottom_max"}},
		{"v1.1: a switch in the wrong section", "ranking:\n  average: group\n", []string{"line 2", "average"}},
		{"v1.1: staffing_rule at the top", "staffing_rule: flag\n", []string{"line 1", "staffing_rule"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Decode([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("Decode = %+v, want an error", p)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestDecodeInvalid(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // "line N: path" of each problem, in order
	}{
		{
			name: "several invalid values at once",
			yaml: "satisfaction:\n  mode: weird\n  satisfied_levels: [happy]\nranking:\n  bottom_count: -1\n",
			want: []string{
				"line 2: satisfaction.mode",
				"line 3: satisfaction.satisfied_levels[0]",
				"line 5: ranking.bottom_count",
			},
		},
		{
			name: "several invalid values in flow style",
			yaml: "id: x\nsatisfaction: {mode: weird, satisfied_levels: [satisfied, happy]}\nranking: {bottom_count: -1}\n",
			want: []string{
				"line 2: satisfaction.mode",
				"line 2: satisfaction.satisfied_levels[1]",
				"line 3: ranking.bottom_count",
			},
		},
		{
			name: "an appeal window of no days (SPEC §12.2)",
			yaml: "appeals:\n  window_working_days: 0\n",
			want: []string{"line 2: appeals.window_working_days"},
		},
		{
			name: "no satisfied level",
			yaml: "satisfaction:\n  satisfied_levels: []\n",
			want: []string{"line 2: satisfaction.satisfied_levels"},
		},
		{
			name: "version, time zone and working hours",
			yaml: "version: 2\ntimezone: Mars/Olympus\nlate_returns:\n  working_hours: 0\n",
			want: []string{"line 1: version", "line 2: timezone", "line 4: late_returns.working_hours"},
		},
		{
			name: "maxima and per-item deductions",
			yaml: "overdue:\n  max: 0\n  per_item: -0.5\nsupervision:\n  max: -1\n",
			want: []string{"line 2: overdue.max", "line 3: overdue.per_item", "line 5: supervision.max"},
		},
		{
			name: "grades out of order",
			yaml: "\n\ngrades:\n  good: 90\n",
			want: []string{"line 3: grades"},
		},
		{
			name: "id too long",
			yaml: "id: " + strings.Repeat("x", 65) + "\n",
			want: []string{"line 1: id"},
		},
		{
			name: "§6 v1.1 switches with bad values",
			yaml: "organization:\n  staffing_rule: none\nsatisfaction:\n  average: pooled\nranking:\n  bottom_max_total: 0\n",
			want: []string{
				"line 2: organization.staffing_rule",
				"line 4: satisfaction.average",
				"line 6: ranking.bottom_max_total",
			},
		},
		{
			name: "§6 v1.1 an empty switch is not its default",
			yaml: "satisfaction: {average: \"\"}\norganization: {staffing_rule: \"\"}\nranking: {bottom_max_total: -85}\n",
			want: []string{
				"line 2: organization.staffing_rule",
				"line 1: satisfaction.average",
				"line 3: ranking.bottom_max_total",
			},
		},
		{
			name: "assessment minima",
			yaml: "assessment:\n  monthly_min_callback_tickets: 0\n  annual_min_callback_tickets: 0\n",
			want: []string{"line 2: assessment.monthly_min_callback_tickets", "line 3: assessment.annual_min_callback_tickets"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Decode([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("Decode = %+v, want an error", p)
			}
			if p != nil {
				t.Errorf("Decode returned a policy with its error")
			}
			if diff := cmp.Diff(tt.want, problemLines(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestDecodeWrongTypes(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"bottom_count a word", "ranking:\n  bottom_count: three\n", []string{"line 2"}},
		{"decimal a word", "overdue:\n  max: twenty\n", []string{"line 2", "max"}},
		{"v1.1 bottom_max_total a word", "ranking:\n  bottom_max_total: excellent\n", []string{"line 2", "ranking.bottom_max_total"}},
		{"v1.1 average a list", "satisfaction:\n  average: [district]\n", []string{"line 2"}},
		{"levels a string", "satisfaction:\n  satisfied_levels: satisfied\n", []string{"line 2"}},
		{"not a mapping", "- a\n- b\n", []string{"line 1"}},
		{"bad YAML", "satisfaction: [\n", []string{"line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Decode([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("Decode = %+v, want an error", p)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		file    string
		wantErr []string
		mode    string
	}{
		{file: "proportional.yaml", mode: "proportional"},
		{file: "invalid.yaml", wantErr: []string{
			"invalid.yaml", "line 2: satisfaction.mode", "line 3: satisfaction.satisfied_levels[0]", "line 5: ranking.bottom_count",
		}},
		{file: "unknown.yaml", wantErr: []string{"unknown.yaml", "line 4", "threshold"}},
		{file: "missing.yaml", wantErr: []string{"missing.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			p, err := policy.Load(path)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if diff := cmp.Diff(tt.mode, p.Satisfaction.Mode); diff != "" {
					t.Errorf("mode (-want +got):\n%s", diff)
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(mustDecode(t, string(data)), p, policyOpts); diff != "" {
					t.Errorf("Load differs from Decode (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatal("Load: got no error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestLoadOrBuiltin(t *testing.T) {
	p, err := policy.LoadOrBuiltin("")
	if err != nil || p.Fingerprint() != policy.Builtin().Fingerprint() {
		t.Errorf("no path: %v, want the built-in policy", err)
	}
	p, err = policy.LoadOrBuiltin(filepath.Join("testdata", "proportional.yaml"))
	if err != nil || p.Satisfaction.Mode != "proportional" {
		t.Errorf("a file: %v", err)
	}
	if _, err := policy.LoadOrBuiltin(filepath.Join("testdata", "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestAppealsKeys: the keys of the month's cycle (SPEC v1.1 §12), pinned:
// by default a window of 3 working days and auto-finalisation on.
func TestAppealsKeys(t *testing.T) {
	if got := policy.Builtin().Appeals; got != (policy.Appeals{WindowWorkingDays: 3, AutoFinalize: true}) {
		t.Errorf("built-in appeals = %+v, want 3 working days and auto_finalize", got)
	}
	got := mustDecode(t, "appeals:\n  window_working_days: 5\n  auto_finalize: false\n").Appeals
	if got != (policy.Appeals{WindowWorkingDays: 5, AutoFinalize: false}) {
		t.Errorf("decoded appeals = %+v", got)
	}
	if got := mustDecode(t, "appeals: {auto_finalize: false}\n").Appeals; got.WindowWorkingDays != 3 {
		t.Errorf("window_working_days without the key = %d, want the default 3", got.WindowWorkingDays)
	}
}
