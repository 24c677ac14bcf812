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
		if got, ok := r.Lookup(u.ID); !ok || got != u {
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
	for _, s := range []string{"duplicate.yaml", "units[1]", "wenhualu"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	if _, err := unit.Load(filepath.Join("testdata", "missing.yaml")); err == nil {
		t.Error("Load of a missing file: got no error")
	}
}

func TestDecode(t *testing.T) {
	const ok = "units:\n  - id: wenhualu\n    name: 文化路街道\n    group: town_street\n"
	tests := []struct {
		name    string
		yaml    string
		want    []unit.Unit
		wantErr []string // substrings of the error
	}{
		{
			name: "valid",
			yaml: ok,
			want: []unit.Unit{{ID: "wenhualu", Name: "文化路街道", Group: unit.TownStreet}},
		},
		{
			name: "flow style, file order kept",
			yaml: "units: [{id: z, name: Z, group: department}, {id: a, name: A, group: town_street}]\n",
			want: []unit.Unit{{ID: "z", Name: "Z", Group: unit.Department}, {ID: "a", Name: "A", Group: unit.TownStreet}},
		},
		{
			name: "id of 64 characters",
			yaml: "units:\n  - {id: " + strings.Repeat("u", 64) + ", name: U, group: department}\n",
			want: []unit.Unit{{ID: strings.Repeat("u", 64), Name: "U", Group: unit.Department}},
		},
		{
			name: "numeric id read as text",
			yaml: "units:\n  - {id: 0101, name: U, group: department}\n",
			want: []unit.Unit{{ID: "0101", Name: "U", Group: unit.Department}},
		},
		{name: "empty file", yaml: "", wantErr: []string{"empty"}},
		{name: "comments only", yaml: "# no units yet\n", wantErr: []string{"empty"}},
		{name: "no units", yaml: "units: []\n", wantErr: []string{"units"}},
		{name: "units null", yaml: "units:\n", wantErr: []string{"units"}},
		{name: "unknown top-level key", yaml: ok + "groups: []\n", wantErr: []string{"line 5", "groups"}},
		{name: "unknown unit key", yaml: ok + "    phone: \"0632\"\n", wantErr: []string{"line 5", "phone"}},
		{
			name:    "duplicate id",
			yaml:    ok + "  - id: wenhualu\n    name: 文化路\n    group: department\n",
			wantErr: []string{"units[1]", "duplicate", "wenhualu"},
		},
		{
			name:    "bad group",
			yaml:    "units:\n  - {id: a, name: A, group: town}\n",
			wantErr: []string{"units[0]", "group", "town"},
		},
		{
			name:    "group in upper case",
			yaml:    "units:\n  - {id: a, name: A, group: Department}\n",
			wantErr: []string{"units[0]", "Department"},
		},
		{
			name:    "missing group",
			yaml:    "units:\n  - {id: a, name: A}\n",
			wantErr: []string{"units[0]", "group"},
		},
		{
			name:    "id with a space",
			yaml:    "units:\n  - {id: a b, name: A, group: department}\n",
			wantErr: []string{"units[0]", "a b"},
		},
		{
			name:    "id in Chinese",
			yaml:    "units:\n  - {id: 文化路, name: A, group: department}\n",
			wantErr: []string{"units[0]", "文化路"},
		},
		{
			name:    "id of 65 characters",
			yaml:    "units:\n  - {id: " + strings.Repeat("u", 65) + ", name: U, group: department}\n",
			wantErr: []string{"units[0]"},
		},
		{
			name:    "missing id",
			yaml:    "units:\n  - {name: A, group: department}\n",
			wantErr: []string{"units[0]", "id"},
		},
		{
			name:    "missing name",
			yaml:    "units:\n  - {id: a, group: department}\n",
			wantErr: []string{"units[0]", "name"},
		},
		{
			name:    "every problem reported",
			yaml:    "units:\n  - {id: a, name: A, group: x}\n  - {id: b, name: B, group: department}\n  - {id: b, name: B2, group: department}\n  - {id: 'c d', name: C, group: department}\n",
			wantErr: []string{"units[0]", "units[2]", "units[3]"},
		},
		{name: "not a mapping", yaml: "- id: a\n", wantErr: []string{"line 1"}},
		{name: "units a mapping", yaml: "units:\n  id: a\n", wantErr: []string{"line 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := unit.Decode(strings.NewReader(tt.yaml))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				checkRegistry(t, r, tt.want)
				return
			}
			if err == nil {
				t.Fatalf("Decode = %+v, want an error", r.Units())
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
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

	if _, err := unit.NewRegistry(append(sample(), unit.Unit{ID: "qianxilu", Name: "x", Group: unit.Department})); err == nil {
		t.Error("NewRegistry with a duplicate id: got no error")
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
