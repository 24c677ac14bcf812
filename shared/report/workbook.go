package report

import (
	"archive/zip"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/score"
)

// workbook is an Excel workbook being filled sheet by sheet with excelize,
// then written. The first error of any step is kept and returned by write,
// so that the sheets read as a list of steps.
type workbook struct {
	f      *excelize.File
	styles styles
	title  string          // the title row's text after the sheet's name
	names  map[string]bool // sheet names taken, folded to lower case
	sheets int             // sheets added
	err    error
}

// zipTime is the modification time of every part, so the same workbook
// gives the same bytes: the earliest time a zip file can hold.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// newWorkbook is an empty workbook for r, with its document properties: the
// title, and r's as-of time as its creation and modification time, so that
// the document does not carry the clock of the machine that wrote it.
func newWorkbook(r *score.Result) *workbook {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return fixedTimeZip{zip.NewWriter(w)} })
	x := &workbook{f: f, title: titleOf(r)}
	props := &excelize.DocProperties{
		Title:    "12345热线承办单位考核 " + r.Period,
		Subject:  "考核期 " + r.Period + "，政策 " + r.Policy,
		Creator:  "hotline",
		Language: "zh-CN",
	}
	if !r.AsOf.IsZero() {
		props.Created = r.AsOf.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	x.check(f.SetDocProps(props))
	x.styles = newStyles(x)
	return x
}

// check keeps err if it is the first.
func (x *workbook) check(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// write writes the workbook as an Office Open XML package and frees it.
func (x *workbook) write(w io.Writer) error {
	defer x.f.Close()
	if x.err != nil {
		return fmt.Errorf("xlsx: %w", x.err)
	}
	// A chart makes excelize add the image file types to the content types
	// from a map, in an order that changes from run to run.
	if t := x.f.ContentTypes; t != nil {
		sort.SliceStable(t.Defaults, func(i, j int) bool { return t.Defaults[i].Extension < t.Defaults[j].Extension })
	}
	if _, err := x.f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// titleOf is the text of every sheet's title row after the sheet's name:
// the period, the policy and the as-of time with its zone.
func titleOf(r *score.Result) string {
	kind := "月度"
	if isAnnual(r) {
		kind = "年度"
	}
	s := "考核期 " + r.Period + "（" + kind + "）  政策 " + r.Policy
	if !r.AsOf.IsZero() {
		s += "  截至 " + localTime(r.AsOf, zoneOf(r)) + "（" + zoneLabel(r.AsOf) + "）"
	}
	return s
}

// fixedTimeZip is a zip writer that dates every part zipTime: excelize's own
// (zip.Writer.Create) leaves the time out, which readers show as 1979-11-30.
type fixedTimeZip struct{ *zip.Writer }

// Create adds a compressed part dated zipTime.
func (z fixedTimeZip) Create(name string) (io.Writer, error) {
	return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
}
