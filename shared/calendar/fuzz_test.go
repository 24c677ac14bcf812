package calendar_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/calendar"
)

// FuzzApply: the calendar file (SPEC §4, pinned format). For any input
// Apply never panics, and:
//   - a refused file changes nothing (the calendar's fingerprint is the
//     same) and, when the file is YAML of the pinned keys, names the key or
//     the list and index at fault (holidays[i], workdays[i] or years[i]);
//   - an accepted file makes each of its holidays a day off and each of its
//     workdays a working day, and each of its years known, and nothing
//     else: applying the same dates and years, written back in the pinned
//     format, to a fresh calendar gives the same fingerprint, and applying
//     the file twice changes nothing more.
func FuzzApply(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"holidays: []\nworkdays: []\n",
		"holidays: [2027-01-01, 2027-01-02]\nworkdays: [2027-02-06]\n",
		"holidays: [2026-02-30]\n",
		"holidays: [2026-10-12, 2026-10-12]\n",
		"holidays: [\"0000-01-01\", \"9999-12-31\"]\n",
		"holidays: 2026-10-12\n",
		"holidays: [2026-10-12T10:00:00Z]\n",
		"workdays: [{a: b}]\n",
		"holidays: &a [2026-10-12]\nworkdays: *a\n",
		"years: [2028]\nholidays: [2028-01-01]\n",
		"years: [2028, \"2029\", 2028]\n",
		"years: [1999, 20281]\n",
	} {
		f.Add([]byte(s))
	}
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := calendar.New(loc)
		before, knownBefore := c.Fingerprint(), c.KnownYears()
		err := c.Apply(bytes.NewReader(data))
		var file calendar.File
		yamlErr := yaml.Unmarshal(data, &file)
		if err != nil {
			if c.Fingerprint() != before || !slices.Equal(c.KnownYears(), knownBefore) {
				t.Fatalf("a refused file (%v) changed the calendar", err)
			}
			if yamlErr == nil && !strings.Contains(err.Error(), "not found in type") && !strings.Contains(err.Error(), "cannot unmarshal") &&
				!strings.Contains(err.Error(), "holidays[") && !strings.Contains(err.Error(), "workdays[") && !strings.Contains(err.Error(), "years[") {
				t.Fatalf("refusal %q names no list", err)
			}
			return
		}
		if yamlErr != nil {
			t.Fatalf("accepted a file the YAML decoder refuses: %v", yamlErr)
		}
		var canon calendar.File
		for _, list := range []struct {
			dates []string
			work  bool
			out   *[]string
		}{{file.Holidays, false, &canon.Holidays}, {file.Workdays, true, &canon.Workdays}} {
			for _, s := range list.dates {
				d, err := calendar.ParseDate(s)
				if err != nil {
					t.Fatalf("accepted date %q: %v", s, err)
				}
				if c.IsWorkday(d) != list.work {
					t.Fatalf("%s: IsWorkday %v, the file says %v", d, !list.work, list.work)
				}
				*list.out = append(*list.out, d.String())
			}
		}
		for _, s := range file.Years {
			y, err := strconv.Atoi(s)
			if err != nil || !c.Knows(y) {
				t.Fatalf("accepted year %q: %v, known %v", s, err, c.Knows(y))
			}
			canon.Years = append(canon.Years, strconv.Itoa(y))
		}
		fp := c.Fingerprint()
		if err := c.Apply(bytes.NewReader(data)); err != nil || c.Fingerprint() != fp {
			t.Fatalf("applying the file again: %v, or it changed the calendar", err)
		}
		out, err := yaml.Marshal(canon)
		if err != nil {
			t.Fatal(err)
		}
		fresh := calendar.New(loc)
		if err := fresh.Apply(bytes.NewReader(out)); err != nil {
			t.Fatalf("the dates written back do not apply: %v\n%s", err, out)
		}
		if fresh.Fingerprint() != fp || !slices.Equal(fresh.KnownYears(), c.KnownYears()) {
			t.Fatalf("the dates written back give another calendar:\n%s\n%s\n%s", out, fresh.Fingerprint(), fp)
		}
	})
}
