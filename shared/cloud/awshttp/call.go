package awshttp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Retry policy of a call: at most maxAttempts attempts, the wait before
// retry n drawn from [0, min(backoffMax, backoffBase·2ⁿ⁻¹)] (full jitter).
const (
	maxAttempts = 5
	backoffBase = 50 * time.Millisecond
	backoffMax  = 2 * time.Second
)

// maxAnswer is the largest answer body read (the calls made here answer a
// few KB).
const maxAnswer = 4 << 20

// Call is one request to a service.
type Call struct {
	Service string // the signing name: "s3", "sns", "ssm"
	Region  string // the region it is signed for
	Method  string
	URL     string // escaped, with the query string if any
	Header  http.Header
	Body    []byte
	// UnescapedPath signs the path as it is (S3), instead of escaping it
	// once more (every other service).
	UnescapedPath bool
}

// Do signs and sends the call with the credentials of c, retrying
// throttling, 5xx and connection errors, and returns the body of a 2xx
// answer. An error answer is returned as an *Error.
func (c Config) Do(ctx context.Context, call Call) ([]byte, error) {
	sum := sha256.Sum256(call.Body)
	payload := hex.EncodeToString(sum[:])
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = call.UnescapedPath })
	var last error
	for attempt := 1; ; attempt++ {
		body, retry, err := c.once(ctx, signer, call, payload)
		if err == nil {
			return body, nil
		}
		last = err
		if !retry || attempt == maxAttempts {
			return nil, last
		}
		t := time.NewTimer(backoff(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (after: %v)", ctx.Err(), last)
		case <-t.C:
		}
	}
}

// once makes one attempt and says whether a failure is worth retrying.
func (c Config) once(ctx context.Context, signer *v4.Signer, call Call, payload string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, call.Method, call.URL, bytes.NewReader(call.Body))
	if err != nil {
		return nil, false, fmt.Errorf("%s %s: %w", call.Service, call.Method, err)
	}
	for k, vs := range call.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if call.Service == "s3" {
		req.Header.Set("X-Amz-Content-Sha256", payload)
	}
	creds, err := c.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("%s: credentials: %w", call.Service, err)
	}
	if err := signer.SignHTTP(ctx, creds, req, payload, call.Service, call.Region, time.Now()); err != nil {
		return nil, false, fmt.Errorf("%s: sign: %w", call.Service, err)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		// A connection error: retried unless the caller gave up.
		return nil, ctx.Err() == nil, fmt.Errorf("%s %s %s: %w", call.Service, call.Method, call.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, ctx.Err() == nil, fmt.Errorf("%s %s %s: read the answer: %w", call.Service, call.Method, call.URL, err)
	}
	if resp.StatusCode/100 == 2 {
		return body, false, nil
	}
	e := parseError(call.Service, resp.StatusCode, body)
	return nil, e.retryable(), e
}

// backoff is the wait before retry number attempt (1, 2, …).
func backoff(attempt int) time.Duration {
	window := min(backoffMax, backoffBase<<min(attempt-1, 16))
	return time.Duration(rand.Int64N(int64(window) + 1))
}

// IsCode reports whether err is an error answer with the given code.
func IsCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
