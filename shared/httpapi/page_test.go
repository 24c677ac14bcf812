package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/httpapi"
)

// pagedUnit is a unit answer with a page of its deductions.
type pagedUnit struct {
	Version        int
	Unit           map[string]json.RawMessage
	DeductionsPage *httpapi.DeductionsPage `json:"deductions_page"`
}

// mostDeducted is the unit of October with the most deductions, with them
// and its object as the unit route answers it whole.
func mostDeducted(t *testing.T, a *api) (id string, whole map[string]json.RawMessage, all []json.RawMessage) {
	t.Helper()
	for i := range a.reg.Len() {
		u := a.reg.At(i).ID
		rec := a.get("/v1/months/2026-10/units/" + u)
		got := decodeJSON[pagedUnit](t, rec)
		if got.DeductionsPage != nil {
			t.Fatalf("%s: a page without ?limit= or ?cursor=: %+v", u, got.DeductionsPage)
		}
		var ds []json.RawMessage
		if err := json.Unmarshal(got.Unit["deductions"], &ds); err != nil {
			t.Fatal(err)
		}
		if len(ds) > len(all) {
			id, whole, all = u, got.Unit, ds
		}
	}
	t.Logf("%s: %d deductions", id, len(all))
	if len(all) < 5 {
		t.Fatalf("no unit has 5 deductions or more: not a test of pages")
	}
	return id, whole, all
}

// walk follows next_cursor from the first page of ?limit=n, returning the
// deductions of every page in order and the pages.
func walk(t *testing.T, a *api, path string, n int) ([]json.RawMessage, []httpapi.DeductionsPage) {
	t.Helper()
	var got []json.RawMessage
	var pages []httpapi.DeductionsPage
	q := url.Values{"limit": {strconv.Itoa(n)}}
	for range 1000 {
		rec := a.get(path + "?" + q.Encode())
		if rec.Code != http.StatusOK {
			t.Fatalf("%s?%s: HTTP %d: %s", path, q.Encode(), rec.Code, rec.Body)
		}
		p := decodeJSON[pagedUnit](t, rec)
		var ds []json.RawMessage
		if err := json.Unmarshal(p.Unit["deductions"], &ds); err != nil {
			t.Fatal(err)
		}
		got = append(got, ds...)
		pages = append(pages, *p.DeductionsPage)
		if p.DeductionsPage.NextCursor == nil {
			return got, pages
		}
		q.Set("cursor", *p.DeductionsPage.NextCursor)
	}
	t.Fatal("more than 1000 pages")
	return nil, nil
}

// TestUnitDeductionPages: ?limit= answers a unit with its deductions in
// pages (issue 14): the pages, followed by next_cursor, hold every
// deduction once, in the stored order; each says the total, its offset and
// limit; the last has next_cursor null; everything else of the unit is as
// the whole answer has it; ?cursor= alone takes the default limit of 100.
func TestUnitDeductionPages(t *testing.T) {
	a := published(t)
	id, whole, all := mostDeducted(t, a)
	path := "/v1/months/2026-10/units/" + id
	for _, n := range []int{1, 3, len(all) - 1, len(all), 1000} {
		t.Run("limit="+strconv.Itoa(n), func(t *testing.T) {
			got, pages := walk(t, a, path, n)
			if diff := cmp.Diff(raws(all), raws(got)); diff != "" {
				t.Errorf("the pages' deductions (-whole +pages):\n%s", diff)
			}
			if want := (len(all) + n - 1) / n; len(pages) != want {
				t.Errorf("%d pages of %d deductions at %d a page, want %d", len(pages), len(all), n, want)
			}
			for i, p := range pages {
				if p.Total != len(all) || p.Limit != n || p.Offset != i*n {
					t.Errorf("page %d: %+v, want total %d, limit %d, offset %d", i, p, len(all), n, i*n)
				}
			}
		})
	}
	page := decodeJSON[pagedUnit](t, a.get(path+"?limit=2"))
	for k, v := range whole {
		if k != "deductions" && string(v) != string(page.Unit[k]) {
			t.Errorf("%s: %s on a page, %s whole", k, page.Unit[k], v)
		}
	}
	rest := decodeJSON[pagedUnit](t, a.get(path+"?cursor="+*page.DeductionsPage.NextCursor))
	if p := rest.DeductionsPage; p.Limit != 100 || p.Offset != 2 {
		t.Errorf("?cursor= alone: %+v, want limit 100 from offset 2", p)
	}
}

// TestUnitDeductionPagesKeepTheirVersion: a cursor names the version its
// list was begun in, so that a recompute published between two pages does
// not mix two versions in one list; a list begun afresh reads the new one.
func TestUnitDeductionPagesKeepTheirVersion(t *testing.T) {
	a := published(t, withTTL(-1))
	id, _, _ := mostDeducted(t, a)
	path := "/v1/months/2026-10/units/" + id
	first := decodeJSON[pagedUnit](t, a.get(path+"?limit=2"))
	lateCriticism(t, a, "late-criticism-pages")
	a.computeMonths(t, "2026-10")
	next := a.get(path + "?cursor=" + *first.DeductionsPage.NextCursor)
	if v := next.Header().Get("X-Hotline-Version"); v != "1" || decodeJSON[pagedUnit](t, next).Version != 1 {
		t.Errorf("the second page of a list begun in version 1 is of version %s", v)
	}
	if v := a.get(path + "?limit=2").Header().Get("X-Hotline-Version"); v != "2" {
		t.Errorf("a new list is of version %s, want 2", v)
	}
}

// raws writes raw JSON values as strings, for cmp.
func raws(list []json.RawMessage) []string {
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = string(r)
	}
	return out
}
