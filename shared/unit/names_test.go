package unit_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shizhong/hotline/shared/unit"
)

const aliasesYAML = `units:
  - id: gonganju
    name: 区公安分局
    group: department
    aliases: [公安分局, 市中区公安分局]
  - id: wenhualu
    name: 文化路街道
    group: town_street
  - id: guangminglu
    name: 光明路街道
    group: town_street
    aliases: []
`

// TestByName: a unit is found by its id, its name or an alias, spaces
// around the text aside (a cell of an export, issue 15); a name of none is
// not found, and Closest lists the nearest names for its message.
func TestByName(t *testing.T) {
	reg, err := unit.Decode(strings.NewReader(aliasesYAML))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"gonganju", "gonganju"},
		{"区公安分局", "gonganju"},
		{"公安分局", "gonganju"},
		{" 市中区公安分局\u3000", "gonganju"},
		{"文化路街道  ", "wenhualu"},
		{"光明路街道", "guangminglu"},
		{"公安局", ""},
		{"", ""},
	} {
		u, ok := reg.ByName(c.text)
		if got := map[bool]string{true: u.ID}[ok]; got != c.want {
			t.Errorf("ByName(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if got := reg.Closest("光明街道", 2); len(got) != 2 || got[0].ID != "guangminglu" || got[1].ID != "wenhualu" {
		t.Errorf("Closest(光明街道) = %v, want guangminglu then wenhualu", got)
	}
	if got := reg.Closest("公安局", 1); len(got) != 1 || got[0].ID != "gonganju" {
		t.Errorf("Closest(公安局) = %v, want gonganju", got)
	}
}

// TestAliasesRefused: an alias is a name, once: not empty, not padded, not
// the unit's name or an alias again, not another unit's name or alias; a
// list of text. Each problem names its line.
func TestAliasesRefused(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"empty", "units:\n  - {id: a, name: 甲, group: department, aliases: ['']}\n", "aliases[0] is empty"},
		{"padded", "units:\n  - {id: a, name: 甲, group: department, aliases: [' 乙']}\n", "has spaces around it"},
		{"its own name", "units:\n  - {id: a, name: 甲, group: department, aliases: [甲]}\n", "is its name or another alias again"},
		{"twice", "units:\n  - {id: a, name: 甲, group: department, aliases: [乙, 乙]}\n", "is its name or another alias again"},
		{"another's name", "units:\n  - {id: a, name: 甲, group: department}\n  - {id: b, name: 乙, group: department, aliases: [甲]}\n", `alias "甲" of unit b is already a name of unit a`},
		{"another's alias", "units:\n  - {id: a, name: 甲, group: department, aliases: [丙]}\n  - {id: b, name: 乙, group: department, aliases: [丙]}\n", `alias "丙" of unit b is already a name of unit a`},
		{"not a list", "units:\n  - id: a\n    name: 甲\n    group: department\n    aliases: 乙\n", `line 5: units[0].aliases must be a list of names, not "乙"`},
		{"not text", "units:\n  - id: a\n    name: 甲\n    group: department\n    aliases: [{x: 1}]\n", "units[0].aliases[0] must be a name, not a mapping"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := unit.Decode(strings.NewReader(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
}

// TestEncodeAssessed: the registry without its aliases, as the fingerprint
// of a result reads it, is what Encode writes of the same units without
// aliases (so results stored before aliases keep their fingerprints), and
// it leaves the registry's aliases alone.
func TestEncodeAssessed(t *testing.T) {
	reg, err := unit.Decode(strings.NewReader(aliasesYAML))
	if err != nil {
		t.Fatal(err)
	}
	bare := reg.Units()
	for i := range bare {
		bare[i].Aliases = nil
	}
	plain, err := unit.NewRegistry(bare)
	if err != nil {
		t.Fatal(err)
	}
	var got, want, full bytes.Buffer
	if err := reg.EncodeAssessed(&got); err != nil {
		t.Fatal(err)
	}
	if err := plain.Encode(&want); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("EncodeAssessed:\n%s\nwant Encode without the aliases:\n%s", got.String(), want.String())
	}
	if strings.Contains(got.String(), "aliases") || strings.Contains(got.String(), "市中区公安分局") {
		t.Errorf("EncodeAssessed writes the aliases:\n%s", got.String())
	}
	if err := reg.Encode(&full); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(full.String(), "aliases:") {
		t.Errorf("Encode lost the aliases after EncodeAssessed:\n%s", full.String())
	}
}
