package unit_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/unit"
)

func sample() []unit.Unit {
	return []unit.Unit{
		{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet},
		{ID: "qianxilu", Name: "前西路街道", Group: unit.TownStreet},
		{ID: "dept.water-1_A", Name: "区水务局", Group: unit.Department},
	}
}

// checkRegistry asserts the units of r, in order, and its lookups.
func checkRegistry(t *testing.T, r *unit.Registry, want []unit.Unit) {
	t.Helper()
	if diff := cmp.Diff(want, r.Units()); diff != "" {
		t.Errorf("Units (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(len(want), r.Len()); diff != "" {
		t.Errorf("Len (-want +got):\n%s", diff)
	}
	for i, u := range want {
		if diff := cmp.Diff(u, r.At(i)); diff != "" {
			t.Errorf("At(%d) (-want +got):\n%s", i, diff)
		}
		if j, ok := r.Index(u.ID); !ok || j != i {
			t.Errorf("Index(%q) = %d, %v, want %d, true", u.ID, j, ok, i)
		}
		if got, ok := r.Lookup(u.ID); !ok || !cmp.Equal(got, u) {
			t.Errorf("Lookup(%q) = %+v, %v, want %+v, true", u.ID, got, ok, u)
		}
	}
	if _, ok := r.Lookup("nobody"); ok {
		t.Errorf("Lookup of an unknown id succeeded")
	}
	if _, ok := r.Index("nobody"); ok {
		t.Errorf("Index of an unknown id succeeded")
	}
}

func TestLoad(t *testing.T) {
	r, err := unit.Load(filepath.Join("testdata", "units.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkRegistry(t, r, sample())

	_, err = unit.Load(filepath.Join("testdata", "duplicate.yaml"))
	if err == nil {
		t.Fatal("Load of duplicate ids: got no error")
	}
	for _, s := range []string{"duplicate.yaml: line 5: units[1]", `duplicate id "wenhualu" (first on line 2)`} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	if _, err := unit.Load(filepath.Join("testdata", "missing.yaml")); err == nil {
		t.Error("Load of a missing file: got no error")
	}
}

// TestDecode reads the pinned units.yaml format of SPEC §2. Each case cites
// the clause it checks; a file with problems must report every one of
// them at once, in file order, each with its line (and column where a line
// holds several units) and its unit's index.
func TestDecode(t *testing.T) {
	const ok = "units:\n  - id: wenhualu\n    name: 文化路街道\n    group: town_street\n"
	const idRule = "must be 1 to 64 characters of A-Z a-z 0-9 _ . -"
	tests := []struct {
		name    string
		spec    string // the clause of SPEC §2 checked
		yaml    string
		want    []unit.Unit
		wantErr []string // every line of the error, in order
	}{
		{
			name: "valid",
			spec: "§2 units: a list of id, name, group",
			yaml: ok,
			want: []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}},
		},
		{
			name: "flow style, file order kept",
			spec: "§2 units: in file order",
			yaml: "units: [{id: z, name: Z, group: department}, {id: a, name: A, group: town_street}]\n",
			want: []unit.Unit{{ID: "z", Name: "Z", Group: unit.Department}, {ID: "a", Name: "A", Group: unit.TownStreet}},
		},
		{
			name: "id of 64 characters",
			spec: "§2 id: [A-Za-z0-9_.-]{1,64}",
			yaml: "units:\n  - {id: " + strings.Repeat("u", 64) + ", name: U, group: department}\n",
			want: []unit.Unit{{ID: strings.Repeat("u", 64), Name: "U", Group: unit.Department}},
		},
		{
			name: "numeric id read as text",
			spec: "§2 id: a stable id, text as written",
			yaml: "units:\n  - {id: 0101, name: U, group: department}\n",
			want: []unit.Unit{{ID: "0101", Name: "U", Group: unit.Department}},
		},
		{
			name: "anchors and merge keys",
			spec: "§2 units: any YAML that gives the list",
			yaml: "units:\n  - &d {id: a, name: A, group: department}\n  - {<<: *d, id: b}\n",
			want: []unit.Unit{{ID: "a", Name: "A", Group: unit.Department}, {ID: "b", Name: "A", Group: unit.Department}},
		},
		{name: "empty file", spec: "§2 units: required", yaml: "", wantErr: []string{"no units: the file is empty"}},
		{name: "comments only", spec: "§2 units: required", yaml: "# no units yet\n", wantErr: []string{"no units: the file is empty"}},
		{name: "no units", spec: "§2 units: at least one", yaml: "units: []\n", wantErr: []string{"line 1: units: at least one unit is required"}},
		{name: "units null", spec: "§2 units: at least one", yaml: "units:\n", wantErr: []string{"units: at least one unit is required"}},
		{
			name:    "unknown top-level key",
			spec:    "§2 pinned format: units is the only key",
			yaml:    ok + "groups: []\n",
			wantErr: []string{`line 5: unknown key "groups": the file has only units`},
		},
		{
			name:    "unknown key and no units",
			spec:    "§2 pinned format: units is the only key, and required",
			yaml:    "groups: []\n",
			wantErr: []string{`line 1: unknown key "groups": the file has only units`, "units: at least one unit is required"},
		},
		{
			name:    "units twice",
			spec:    "§2 pinned format: one units list",
			yaml:    ok + "units: []\n",
			wantErr: []string{`line 5: key "units" appears twice (first on line 1)`},
		},
		{
			name:    "unknown unit key",
			spec:    "§2 pinned format: a unit has id, name and group only",
			yaml:    ok + "    phone: \"0632\"\n",
			wantErr: []string{`line 5: units[0]: unknown key "phone": a unit has only id, name, group and aliases`},
		},
		{
			name:    "a unit key twice",
			spec:    "§2 pinned format: one id per unit",
			yaml:    "units:\n  - id: a\n    id: b\n    name: A\n    group: department\n",
			wantErr: []string{`line 3: units[0]: key "id" appears twice (first on line 2)`},
		},
		{
			name:    "duplicate id",
			spec:    "§2 id: a stable id, one unit each",
			yaml:    ok + "  - id: wenhualu\n    name: 文化路\n    group: department\n",
			wantErr: []string{`line 5: units[1]: duplicate id "wenhualu" (first on line 2)`},
		},
		{
			name:    "duplicate id through an alias",
			spec:    "§2 id: a stable id, one unit each",
			yaml:    "units:\n  - &d {id: a, name: A, group: department}\n  - *d\n",
			wantErr: []string{`line 3: units[1]: duplicate id "a" (first on line 2)`},
		},
		{
			name:    "bad group",
			spec:    "§2 group: town_street or department",
			yaml:    "units:\n  - {id: a, name: A, group: town}\n",
			wantErr: []string{`line 2: units[0]: unit a: group "town" must be town_street or department`},
		},
		{
			name:    "group in upper case",
			spec:    "§2 group: town_street or department, as written",
			yaml:    "units:\n  - {id: a, name: A, group: Department}\n",
			wantErr: []string{`line 2: units[0]: unit a: group "Department" must be town_street or department`},
		},
		{
			name:    "missing group",
			spec:    "§2 group: required",
			yaml:    "units:\n  - {id: a, name: A}\n",
			wantErr: []string{`line 2: units[0]: unit a: group "" must be town_street or department`},
		},
		{
			name:    "id with a space",
			spec:    "§2 id: [A-Za-z0-9_.-]{1,64}",
			yaml:    "units:\n  - {id: a b, name: A, group: department}\n",
			wantErr: []string{`line 2: units[0]: id "a b": ` + idRule},
		},
		{
			name:    "id in Chinese",
			spec:    "§2 id: [A-Za-z0-9_.-]{1,64}",
			yaml:    "units:\n  - {id: 文化路, name: A, group: department}\n",
			wantErr: []string{`line 2: units[0]: id "文化路": ` + idRule},
		},
		{
			name:    "id of 65 characters",
			spec:    "§2 id: [A-Za-z0-9_.-]{1,64}",
			yaml:    "units:\n  - {id: " + strings.Repeat("u", 65) + ", name: U, group: department}\n",
			wantErr: []string{`line 2: units[0]: id "` + strings.Repeat("u", 65) + `": ` + idRule},
		},
		{
			name:    "missing id",
			spec:    "§2 id: required",
			yaml:    "units:\n  - {name: A, group: department}\n",
			wantErr: []string{`line 2: units[0]: id "": ` + idRule},
		},
		{
			name:    "missing name",
			spec:    "§2 name: required",
			yaml:    "units:\n  - {id: a, group: department}\n",
			wantErr: []string{"line 2: units[0]: unit a: name is required"},
		},
		{
			name:    "name a list",
			spec:    "§2 name: text",
			yaml:    "units:\n  - id: a\n    name: [A]\n    group: department\n",
			wantErr: []string{"line 3: units[0].name must be text, not a list"},
		},
		{
			name: "every problem of a unit, at its value",
			spec: "§2 id, name, group: each checked",
			yaml: "units:\n  - id: a b\n    group: dept\n",
			wantErr: []string{
				`line 2: units[0]: id "a b": ` + idRule,
				"line 2: units[0]: unit a b: name is required",
				`line 3: units[0]: unit a b: group "dept" must be town_street or department`,
			},
		},
		{
			name: "every problem of the file reported",
			spec: "§2 every unit checked",
			yaml: "units:\n  - {id: a, name: A, group: x}\n  - {id: b, name: B, group: department}\n  - {id: b, name: B2, group: department}\n  - {id: 'c d', name: C, group: department}\n  - {id: e, name: E, group: department, phone: 1}\n",
			wantErr: []string{
				`line 2: units[0]: unit a: group "x" must be town_street or department`,
				`line 4: units[2]: duplicate id "b" (first on line 3)`,
				`line 5: units[3]: id "c d": ` + idRule,
				`line 6: units[4]: unknown key "phone": a unit has only id, name, group and aliases`,
			},
		},
		{
			name: "several units on a line: the column too",
			spec: "§2 every unit checked",
			yaml: "units: [{id: z, name: Z, group: department}, {id: z, name: A, group: town}]\n",
			wantErr: []string{
				`line 1, column 70: units[1]: unit z: group "town" must be town_street or department`,
			},
		},
		{name: "not a mapping", spec: "§2 pinned format: a mapping with units", yaml: "- id: a\n", wantErr: []string{"line 1: the file must be a mapping with the key units, not a list"}},
		{name: "units a mapping", spec: "§2 units: a list", yaml: "units:\n  id: a\n", wantErr: []string{"line 2: units must be a list of units, not a mapping"}},
		{name: "units a word", spec: "§2 units: a list", yaml: "units: x\n", wantErr: []string{`line 1: units must be a list of units, not "x"`}},
		{
			name:    "a unit not a mapping",
			spec:    "§2 units: each an id, name and group",
			yaml:    ok + "  - wenhualu\n",
			wantErr: []string{`line 5: units[1]: a unit must be a mapping of id, name and group, not "wenhualu"`},
		},
		{
			name:    "not YAML",
			spec:    "§2 pinned format: YAML",
			yaml:    "units:\n  - id: a\n    name: b: c\n",
			wantErr: []string{"yaml: line 3: mapping values are not allowed in this context"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := unit.Decode(strings.NewReader(tt.yaml))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("%s: Decode: %v", tt.spec, err)
				}
				checkRegistry(t, r, tt.want)
				return
			}
			if err == nil {
				t.Fatalf("%s: Decode = %+v, want an error", tt.spec, r.Units())
			}
			if diff := cmp.Diff(tt.wantErr, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("%s: error lines (-want +got):\n%s", tt.spec, diff)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		units []unit.Unit
	}{
		{"sample", sample()},
		{"one unit", []unit.Unit{{ID: "a", Name: "A", Group: unit.Department}}},
		{"names that need quoting", []unit.Unit{
			{ID: "n1", Name: "yes", Group: unit.TownStreet},
			{ID: "n2", Name: "123", Group: unit.TownStreet},
			{ID: "n3", Name: "a: b # c", Group: unit.Department},
			{ID: "0101", Name: " 前后有空格 ", Group: unit.Department},
			{ID: "n5", Name: "null", Group: unit.Department},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := unit.NewRegistry(tt.units)
			if err != nil {
				t.Fatalf("NewRegistry: %v", err)
			}
			var buf bytes.Buffer
			if err := r.Encode(&buf); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if !strings.HasPrefix(buf.String(), "units:\n") {
				t.Errorf("Encode does not write the pinned format:\n%s", buf.String())
			}
			back, err := unit.Decode(&buf)
			if err != nil {
				t.Fatalf("Decode(Encode): %v\n%s", err, buf.String())
			}
			checkRegistry(t, back, tt.units)
		})
	}
}

func TestNewRegistry(t *testing.T) {
	units := sample()
	r, err := unit.NewRegistry(units)
	if err != nil {
		t.Fatal(err)
	}
	// The registry keeps its own copy.
	units[0].Name = "changed"
	got := r.Units()
	got[1].Name = "changed too"
	checkRegistry(t, r, sample())
	// Of the aliases too.
	named := []unit.Unit{{ID: "gonganju", Name: "区公安分局", Group: unit.Department, Aliases: []string{"公安分局"}}}
	r, err = unit.NewRegistry(named)
	if err != nil {
		t.Fatal(err)
	}
	named[0].Aliases[0] = "changed"
	r.Units()[0].Aliases[0] = "changed too"
	if got := r.At(0).Aliases; len(got) != 1 || got[0] != "公安分局" {
		t.Errorf("aliases %q, want [公安分局]", got)
	}

	if _, err := unit.NewRegistry(append(sample(), unit.Unit{ID: "qianxilu", Name: "x", Group: unit.Department})); err == nil {
		t.Error("NewRegistry with a duplicate id: got no error")
	}
	// Every problem of every unit, by index (SPEC §2: id, name and group).
	_, err = unit.NewRegistry([]unit.Unit{{ID: "a b", Group: "dept"}, {ID: "c", Name: "C", Group: unit.Department}, {ID: "c", Name: "C2", Group: unit.Department}})
	want := []string{
		`units[0]: id "a b": must be 1 to 64 characters of A-Z a-z 0-9 _ . -`,
		"units[0]: unit a b: name is required",
		`units[0]: unit a b: group "dept" must be town_street or department`,
		`units[2]: duplicate id "c"`,
	}
	if err == nil {
		t.Fatal("NewRegistry of invalid units: got no error")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("NewRegistry error lines (-want +got):\n%s", diff)
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"wenhualu", true},
		{"A-Z_a.z-0_9", true},
		{"x", true},
		{strings.Repeat("x", 64), true},
		{"", false},
		{strings.Repeat("x", 65), false},
		{"wen hualu", false},
		{"wen/hualu", false},
		{"文化路", false},
		{"a\n", false},
		{"a+b", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, unit.ValidID(tt.id)); diff != "" {
				t.Errorf("ValidID(%q) (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

func TestGroup(t *testing.T) {
	tests := []struct {
		g     unit.Group
		valid bool
		order int
		label string
	}{
		{unit.TownStreet, true, 0, "镇街"},
		{unit.Department, true, 1, "区直部门"},
		{"town", false, 2, "town"},
		{"", false, 2, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.g), func(t *testing.T) {
			if diff := cmp.Diff(tt.valid, tt.g.Valid()); diff != "" {
				t.Errorf("Valid (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.order, tt.g.Order()); diff != "" {
				t.Errorf("Order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.label, tt.g.Label()); diff != "" {
				t.Errorf("Label (-want +got):\n%s", diff)
			}
		})
	}
	if diff := cmp.Diff("town_street", string(unit.TownStreet)); diff != "" {
		t.Errorf("TownStreet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("department", string(unit.Department)); diff != "" {
		t.Errorf("Department (-want +got):\n%s", diff)
	}
}
