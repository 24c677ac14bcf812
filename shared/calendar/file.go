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
// make-up working days, overriding the built-in arrangement.
type File struct {
	Holidays []string `yaml:"holidays"`
	Workdays []string `yaml:"workdays"`
}

// Apply decodes a calendar file strictly (unknown keys are errors) and
// applies it to c. Every problem is reported; nothing is applied on error.
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
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for d, work := range set {
		c.Override(d, work)
	}
	return nil
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
