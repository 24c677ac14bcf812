package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"
)

// File is the pinned calendar file of SPEC §4: dates that are days off and
// make-up working days, overriding the built-in arrangement, and the years
// whose whole arrangement the file holds, which the calendar then knows.
type File struct {
	Holidays []string `yaml:"holidays"`
	Workdays []string `yaml:"workdays"`
	Years    []string `yaml:"years"` // written YYYY, 2000–2099
}

// Apply decodes a calendar file strictly (unknown keys are errors) and
// applies it to c: its dates override, its years become known. Every problem
// is reported, naming the list and index; nothing is applied on error.
func (c *Calendar) Apply(r io.Reader) error {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	set := map[Date]bool{}
	var errs []error
	add := func(list string, dates []string, work bool) {
		for i, s := range dates {
			d, err := ParseDate(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s[%d]: %w", list, i, err))
				continue
			}
			if prev, dup := set[d]; dup && prev != work {
				errs = append(errs, fmt.Errorf("%s[%d]: %s is both a holiday and a workday", list, i, d))
				continue
			}
			set[d] = work
		}
	}
	add("holidays", f.Holidays, false)
	add("workdays", f.Workdays, true)
	years := make([]int, 0, len(f.Years))
	for i, s := range f.Years {
		y, err := parseYear(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("years[%d]: %w", i, err))
			continue
		}
		years = append(years, y)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for d, work := range set {
		c.Override(d, work)
	}
	for _, y := range years {
		c.Declare(y)
	}
	return nil
}

// parseYear reads a year of the years list: a year written YYYY
// (ParseYear), of 2000–2099 (the years SPEC §3 allows instants in).
func parseYear(s string) (int, error) {
	y, err := ParseYear(s)
	if err != nil || y < scanFirstYear || y > scanLastYear {
		return 0, fmt.Errorf("%q is not a year written YYYY from %d to %d", s, scanFirstYear, scanLastYear)
	}
	return y, nil
}

// ApplyFile applies the calendar file at path; errors name the file.
func (c *Calendar) ApplyFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := c.Apply(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
