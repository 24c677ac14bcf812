package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/shizhong/hotline/shared/auth"
)

// CORS headers sent with every allowed cross-origin response.
var (
	varyOrigin    = []string{"Origin"}
	exposeHeaders = []string{"ETag, X-Hotline-Version, Retry-After"}
	allowHeaders  = strings.Join([]string{"Content-Type", "If-None-Match", auth.HeaderClient, auth.HeaderTimestamp, auth.HeaderSignature}, ", ")
)

// corsMaxAge is how long a browser may keep a preflight answer, in seconds.
const corsMaxAge = "600"

// cors says which browser origins may call the API: exact origins
// ("https://hotline.example.gov.cn"), or any with "*". The allowed origin is
// echoed in Access-Control-Allow-Origin; others get no CORS headers, and the
// browser keeps the answer from them.
type cors struct {
	on      bool
	any     bool
	origins []string
}

func newCORS(origins []string) cors {
	return cors{on: len(origins) > 0, any: slices.Contains(origins, "*"), origins: slices.Clone(origins)}
}

// allows reports whether origin may call the API.
func (c cors) allows(origin string) bool {
	return origin != "" && (c.any || slices.Contains(c.origins, origin))
}

// headers sets the CORS headers of a response to an actual request.
func (c cors) headers(w http.ResponseWriter, r *http.Request) {
	if !c.on {
		return
	}
	h := w.Header()
	h["Vary"] = varyOrigin
	if origin := r.Header.Get("Origin"); c.allows(origin) {
		h["Access-Control-Allow-Origin"] = []string{origin}
		h["Access-Control-Expose-Headers"] = exposeHeaders
	}
}

// preflight answers OPTIONS on a path under /v1/: the methods of its routes
// in Allow and, for a CORS preflight from an allowed origin, the
// Access-Control-Allow-* headers (204); a preflight from another origin is
// refused (403), a path without routes is not found (404).
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	methods := s.allowed(r)
	if len(methods) == 0 {
		writeError(w, &Error{Code: ENotFound, Message: "no route " + r.URL.Path})
		return
	}
	allowed := strings.Join(methods, ", ")
	h := w.Header()
	h.Set("Allow", allowed)
	origin := r.Header.Get("Origin")
	if origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.Set("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
	if !s.cors.allows(origin) {
		writeError(w, &Error{Code: EForbidden, Message: "origin " + origin + " may not call this API"})
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", allowed)
	h.Set("Access-Control-Allow-Headers", allowHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
}
