package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// The Cache-Control of a published result: a final version may be kept
// longer than a provisional one, which a recompute may replace.
var (
	cacheFinal       = []string{"public, max-age=300"}
	cacheProvisional = []string{"public, max-age=60"}
	jsonContentType  = []string{"application/json; charset=utf-8"}
)

// cacheControl is the Cache-Control of a published version.
func cacheControl(final bool) []string {
	if final {
		return cacheFinal
	}
	return cacheProvisional
}

// published is one stored version ready to serve: the body as stored with
// its ETag, and, made on first use, the body cut by unit and the bodies
// filtered to each group.
//
// Its header (policy, final flag) is not kept here: the final flag changes,
// and is read from the list of versions on every request.
type published struct {
	tag     string   // the ETag without quotes: 2026-10-v2-0123456789abcdef
	version []string // the X-Hotline-Version header
	full    *variant
	files   *bodyFiles // the bodies' files under Config.BodyDir; nil: every body from memory

	parseOnce sync.Once
	parsed    *resultBody
	parseErr  error

	// variants are the bodies made from full on first use, by view and
	// by group (variantSlot); the full body of every group is full itself.
	variants [2][3]struct {
		once sync.Once
		v    *variant
		err  error
	}
}

// variant is one body to send, with its validators.
type variant struct {
	body   []byte
	etag   string   // quoted
	etags  []string // the ETag header
	length []string // Content-Length
	gz     compressed
	file   *bodyFile // nil: sent from memory
}

func newVariant(body []byte, tag string) *variant {
	etag := `"` + tag + `"`
	return &variant{body: body, etag: etag, etags: []string{etag}, length: []string{strconv.Itoa(len(body))}}
}

// newPublished is res ready to serve, its bodies sent from files of dir
// when dir is not "".
func newPublished(res store.Result, dir string) *published {
	fp := res.Fingerprint
	if len(fp) > 16 {
		fp = fp[:16]
	}
	p := &published{
		tag:     res.Period + "-v" + strconv.Itoa(res.Version) + "-" + fp,
		version: []string{strconv.Itoa(res.Version)},
	}
	if dir != "" {
		p.files = &bodyFiles{dir: dir}
	}
	p.full = p.newVariant(res.Body, p.tag)
	return p
}

// newVariant is a body of p, sent from a file when p has files.
func (p *published) newVariant(body []byte, tag string) *variant {
	v := newVariant(body, tag)
	if p.files != nil {
		v.file = newBodyFile(p.files)
	}
	return v
}

// body returns the stored body cut into its fields and units.
func (p *published) body() (*resultBody, error) {
	p.parseOnce.Do(func() { p.parsed, p.parseErr = parseBody(p.full.body) })
	return p.parsed, p.parseErr
}

// variant returns the body as stored, or filtered to group g ("" for
// every group), or in the summary view.
func (p *published) variant(vw view, g unit.Group) (*variant, error) {
	if vw == fullView && g == "" {
		return p.full, nil
	}
	slot := 0
	if g != "" {
		slot = 1 + g.Order()
	}
	gv := &p.variants[vw][slot]
	gv.once.Do(func() {
		b, err := p.body()
		if err != nil {
			gv.err = err
			return
		}
		var body []byte
		tag := p.tag
		if vw == summaryView {
			body, err = b.summary(g)
			tag += "-summary"
		} else {
			body, err = b.filter(g)
		}
		if err != nil {
			gv.err = err
			return
		}
		if g != "" {
			tag += "-" + string(g)
		}
		gv.v = p.newVariant(body, tag)
	})
	return gv.v, gv.err
}

// send answers with a published body: its validators and caching headers,
// then 304 when the client holds it already, else the body. A body of
// gzipMin bytes or more is sent gzip-compressed to a client that accepts
// it (compressed once per version and kept), so that a Beijing-scale
// ranking fits in a Lambda response.
func send(w http.ResponseWriter, r *http.Request, v *variant, version []string, final bool) {
	h := w.Header()
	if len(v.body) >= gzipMin {
		if vary := h["Vary"]; len(vary) == 0 {
			h["Vary"] = varyEncoding // shared, as the other values set here: len = cap, so an append copies
		} else {
			h["Vary"] = append(vary[:len(vary):len(vary)], varyEncoding...) // after CORS's Origin, never into its slice
		}
		if acceptsGzip(r) {
			v = v.gz.gzipped(v)
			h["Content-Encoding"] = gzipEncoding
		}
	}
	h["Etag"] = v.etags
	h["Cache-Control"] = cacheControl(final)
	h["X-Hotline-Version"] = version
	if notModified(r, v.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = v.length
	w.WriteHeader(http.StatusOK)
	writeBody(w, r, v)
}

// notModified reports whether the request's If-None-Match names etag
// (weakly compared, as RFC 9110 asks for If-None-Match) or is "*".
func notModified(r *http.Request, etag string) bool {
	for _, line := range r.Header["If-None-Match"] {
		for tag := range strings.SplitSeq(line, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
	}
	return false
}
