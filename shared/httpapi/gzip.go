package httpapi

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipMin is the smallest body worth compressing: below it, gzip's header
// and the Content-Encoding header cost more than they save.
const gzipMin = 4 << 10

// varyEncoding is the Vary header of a body that may be sent compressed.
var (
	varyEncoding = []string{"Accept-Encoding"}
	gzipEncoding = []string{"gzip"}
)

// compressed is the gzip form of a variant, made once on first use: a
// Beijing-scale ranking is about 14 MB of JSON, over the 6 MB a Lambda
// function may answer, and about a tenth of that compressed.
type compressed struct {
	once sync.Once
	v    *variant
}

// gzipped returns the gzip form of v, with its own ETag (a compressed body
// is another representation, RFC 9110 §8.8.3).
func (c *compressed) gzipped(v *variant) *variant {
	c.once.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression) // the level is valid
		_, _ = zw.Write(v.body)                                // a bytes.Buffer does not fail
		_ = zw.Close()
		tag := strings.TrimSuffix(v.etag, `"`) + `-gzip"`
		c.v = &variant{body: b.Bytes(), etag: tag, etags: []string{tag}, length: []string{strconv.Itoa(b.Len())}}
		if v.file != nil {
			c.v.file = newBodyFile(v.file.files)
		}
	})
	return c.v
}

// acceptsGzip reports whether the request's Accept-Encoding admits gzip: it
// names gzip (or x-gzip, or *) without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, line := range r.Header["Accept-Encoding"] {
		for item := range strings.SplitSeq(line, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(item), ";")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip", "*":
				if !zeroQ(params) {
					return true
				}
			}
		}
	}
	return false
}

// zeroQ reports whether the parameters of an Accept-Encoding item set q=0.
func zeroQ(params string) bool {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q == 0
		}
	}
	return false
}
