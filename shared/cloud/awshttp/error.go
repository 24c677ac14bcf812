package awshttp

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Error is an error answer of a service.
type Error struct {
	Service string
	Status  int    // the HTTP status
	Code    string // "NoSuchBucket", "NotFound", "ParameterNotFound", …
	Message string
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	return fmt.Sprintf("%s: %s (HTTP %d): %s", e.Service, e.Code, e.Status, msg)
}

// retryable reports whether the same call may succeed later: throttling,
// a timeout, or a fault of the service.
func (e *Error) retryable() bool {
	switch e.Code {
	case "Throttling", "ThrottlingException", "ThrottledException", "SlowDown",
		"RequestTimeout", "RequestTimeoutException", "RequestLimitExceeded",
		"TooManyRequestsException", "InternalError", "InternalFailure", "ServiceUnavailable":
		return true
	}
	return e.Status == 429 || e.Status >= 500
}

// parseError reads the code and message of an error answer in any of the
// protocols of the calls made here: XML (S3 <Error>, SNS <ErrorResponse>)
// or JSON (SSM: __type and message).
func parseError(service string, status int, body []byte) *Error {
	e := &Error{Service: service, Status: status}
	trimmed := strings.TrimSpace(string(body))
	switch {
	case strings.HasPrefix(trimmed, "{"):
		var j struct {
			Type     string `json:"__type"`
			Message  string `json:"message"`
			Message2 string `json:"Message"`
		}
		if json.Unmarshal(body, &j) == nil {
			e.Code = j.Type[strings.LastIndex(j.Type, "#")+1:]
			e.Message = j.Message + j.Message2
		}
	case strings.HasPrefix(trimmed, "<"):
		// S3 answers <Error><Code>…, SNS <ErrorResponse><Error><Code>…:
		// the first Code and Message elements are the error's.
		e.Code, e.Message = Element(trimmed, "Code"), Element(trimmed, "Message")
	}
	if e.Code == "" {
		e.Code = fmt.Sprintf("HTTP%d", status)
		if e.Message == "" && len(trimmed) > 0 {
			e.Message = trimmed[:min(len(trimmed), 200)]
		}
	}
	return e
}

// xmlText undoes the escapes of XML character data.
var xmlText = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&#39;", "'", "&#34;", `"`, "&amp;", "&")

// Element returns the text of the first element named name in the XML
// document doc ("" when there is none), with the five predefined entities
// undone. It reads the small, flat answers of S3 and SNS without
// encoding/xml, which would add 65 KB to every bootstrap.
func Element(doc, name string) string {
	open, end := "<"+name+">", "</"+name+">"
	i := strings.Index(doc, open)
	if i < 0 {
		return ""
	}
	rest := doc[i+len(open):]
	j := strings.Index(rest, end)
	if j < 0 {
		return ""
	}
	return xmlText.Replace(strings.TrimSpace(rest[:j]))
}
