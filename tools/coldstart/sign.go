package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/shizhong/hotline/shared/auth"
)

// signer signs a sample API Gateway request again at a given time with the
// v2 signature (SPEC §10), with the secret its client has in the sample
// keys, so that the ingest functions store its events instead of refusing
// a stale signature. Other payloads are sent as they are.
type signer struct{ clients *auth.Clients }

// sign returns payload, signed at now when it is a request of a client.
func (s signer) sign(payload []byte, now time.Time) ([]byte, error) {
	var req events.APIGatewayV2HTTPRequest
	if json.Unmarshal(payload, &req) != nil || req.Version != "2.0" {
		return payload, nil
	}
	id := header(req.Headers, auth.HeaderClient)
	if id == "" {
		return payload, nil
	}
	c, ok := s.clients.Lookup(id)
	if !ok {
		return nil, fmt.Errorf("the sample's client %q is not in the sample keys", id)
	}
	target := req.RawPath
	if req.RawQueryString != "" {
		target += "?" + req.RawQueryString
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Headers["x-hotline-timestamp"] = ts
	req.Headers["x-hotline-signature"] = auth.SignV2(c.Secret, auth.Message{Timestamp: ts, Method: req.RequestContext.HTTP.Method, Target: target, Body: []byte(req.Body)})
	return json.Marshal(req)
}

// header is the value of a header, whatever the case of its name.
func header(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
