package httpapi

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/shizhong/hotline/shared/auth"
)

// authenticate verifies the pinned signature headers (SPEC §10) against the
// request's method, target and raw body: a v2 signature, or with accept
// auth.V1OrV2 (the ingest routes) a v1 one too. A refusal is logged with
// the client the request claims to be, as a claim.
func (s *Server) authenticate(r *http.Request, body []byte, accept auth.Accept) (*auth.Client, *Error) {
	clients, err := s.cfg.Clients()
	if err != nil {
		s.cfg.Log.ErrorContext(r.Context(), "load clients", slog.String("error", err.Error()))
		return nil, &Error{Code: EUnavailable, Message: "the client keys could not be loaded"}
	}
	m := auth.Message{
		Timestamp: r.Header.Get(auth.HeaderTimestamp),
		Method:    r.Method,
		Target:    signedTarget(r),
		Body:      body,
	}
	c, err := clients.Verify(r.Header.Get(auth.HeaderClient), r.Header.Get(auth.HeaderSignature), m, accept, s.now(r))
	if err != nil {
		s.cfg.Log.WarnContext(r.Context(), "unauthorized",
			slog.String("claimed_client", r.Header.Get(auth.HeaderClient)),
			slog.String("reason", err.Error()))
		return nil, &Error{Code: EUnauthorized, Message: "the request is not signed by a known client for this route within the time window"}
	}
	verified(r).client = c.ID
	return c, nil
}

// signedTarget is the path and query a v2 signature covers: the request
// target as the client sent it, byte for byte (RequestURI), not the path
// as net/http decoded or cleaned it. A request that did not come off the
// wire (RequestURI empty) or came in absolute form (a proxy's
// "POST http://host/v1/events") gives its URL's path and query as they were
// written: under Lambda, the API Gateway proxy builds the request from the
// event's rawPath and rawQueryString and sets RequestURI from them
// (functions/samples_test.go checks it with the samples of events/).
func signedTarget(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}
