package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// A unit's deductions in pages (issue 14): at Beijing scale a unit may have
// thousands of deductions, more than a phone should take in one answer.
// ?limit=N answers the unit with the first N of its deductions (in the
// order of the stored body, which never changes for a version) and a
// `deductions_page` whose `next_cursor` asks for the next N; ?cursor= alone
// takes the default limit. The cursor names the version it was made from,
// so that the pages of one list all come from one version even when a
// recompute publishes another meanwhile. Without either parameter the unit
// is answered whole, as before.

// The limits of a page.
const (
	defaultPageLimit = 100
	maxPageLimit     = 1000
)

// DeductionsPage says which page of a unit's deductions an answer holds.
type DeductionsPage struct {
	Total  int `json:"total"`  // the unit's deductions in all
	Offset int `json:"offset"` // of the first on this page
	Limit  int `json:"limit"`
	// NextCursor asks for the next page (?cursor=); null on the last.
	NextCursor *string `json:"next_cursor"`
}

// pageQuery is the page a request asks for.
type pageQuery struct {
	on      bool // ?limit= or ?cursor= was given
	offset  int
	limit   int
	version int // of the cursor; 0 without one
}

// parsePage reads ?limit= and ?cursor= from the query, and checks the
// cursor's version against ?version=.
func parsePage(q query) (pageQuery, *Error) {
	p := pageQuery{limit: defaultPageLimit}
	if v, ok := q.values["limit"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > maxPageLimit {
			return p, &Error{Code: EInvalid, Field: "limit", Message: fmt.Sprintf("limit %q must be a whole number from 1 to %d", v[0], maxPageLimit),
				MessageZh: fmt.Sprintf("每页条数应为1至%d的整数", maxPageLimit)}
		}
		p.on, p.limit = true, n
	}
	if v, ok := q.values["cursor"]; ok {
		version, offset, ok := readCursor(v[0])
		if !ok {
			return p, &Error{Code: EInvalid, Field: "cursor", Message: fmt.Sprintf("cursor %q is not one this API gave", v[0]), MessageZh: "翻页位置有误，请从第一页重新加载"}
		}
		if q.version != 0 && q.version != version {
			return p, &Error{Code: EInvalid, Field: "cursor", Message: fmt.Sprintf("cursor %q is of version %d, not of version %d", v[0], version, q.version), MessageZh: "翻页位置与所选版本不符，请从第一页重新加载"}
		}
		p.on, p.offset, p.version = true, offset, version
	}
	return p, nil
}

// cursor writes the cursor of the page at offset of a version: v3.100.
func cursor(version, offset int) string {
	return "v" + strconv.Itoa(version) + "." + strconv.Itoa(offset)
}

// readCursor reads a cursor written by cursor.
func readCursor(s string) (version, offset int, ok bool) {
	rest, ok := strings.CutPrefix(s, "v")
	if !ok {
		return 0, 0, false
	}
	vs, offs, ok := strings.Cut(rest, ".")
	if !ok {
		return 0, 0, false
	}
	version, err1 := strconv.Atoi(vs)
	offset, err2 := strconv.Atoi(offs)
	if err1 != nil || err2 != nil || version < 1 || offset < 1 || cursor(version, offset) != s {
		return 0, 0, false
	}
	return version, offset, true
}

// unitDeductionList is a unit's deductions cut into their raw JSON, made on
// first use.
type unitDeductionList struct {
	once sync.Once
	list []json.RawMessage
	err  error
}

// deductions returns the unit's deductions, each as its raw JSON.
func (u *bodyUnit) deductions() ([]json.RawMessage, error) {
	d := u.deductionList
	d.once.Do(func() {
		fields, err := objectFields(u.raw)
		if err != nil {
			d.err = err
			return
		}
		for _, f := range fields {
			if f.key == "deductions" {
				d.err = json.Unmarshal(f.value, &d.list)
			}
		}
	})
	return d.list, d.err
}

// page returns the unit's object with only the deductions of page p, and
// what the page holds; a cursor past the last deduction is invalid.
func (u *bodyUnit) page(p pageQuery, version int) (json.RawMessage, DeductionsPage, *Error) {
	all, err := u.deductions()
	if err != nil {
		return nil, DeductionsPage{}, &Error{Code: EInternal, Message: "internal error"}
	}
	if p.offset > len(all) {
		return nil, DeductionsPage{}, &Error{Code: EInvalid, Field: "cursor", Message: fmt.Sprintf("the cursor is past the unit's %d deductions", len(all)), MessageZh: "翻页位置有误，请从第一页重新加载"}
	}
	end := min(p.offset+p.limit, len(all))
	info := DeductionsPage{Total: len(all), Offset: p.offset, Limit: p.limit}
	if end < len(all) {
		next := cursor(version, end)
		info.NextCursor = &next
	}
	var list bytes.Buffer
	list.WriteByte('[')
	for i, d := range all[p.offset:end] {
		if i > 0 {
			list.WriteByte(',')
		}
		list.Write(d)
	}
	list.WriteByte(']')
	fields, err := objectFields(u.raw)
	if err != nil {
		return nil, DeductionsPage{}, &Error{Code: EInternal, Message: "internal error"}
	}
	for i := range fields {
		if fields[i].key == "deductions" {
			fields[i].value = list.Bytes()
		}
	}
	var out bytes.Buffer
	writeObject(&out, fields)
	return out.Bytes(), info, nil
}
