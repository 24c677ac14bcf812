package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// TestWriteError: the one mapping of the API's errors (errors.go, codes).
// Each fault code answers its status with the API code of the same name and
// the fault's message; an error without a code, and an internal fault,
// answer 500 "internal error" whatever their text; an *Error answers itself;
// unavailable carries Retry-After; no error answer is cached. Every body
// has message_zh (issue 14): the error's own, else its code's sentence,
// naming the field in Chinese where it can.
func TestWriteError(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    error
		status int
		want   Error
	}{
		{"invalid", fault.New(fault.Invalid, "--month is wrong"), http.StatusBadRequest, Error{Code: EInvalid, Message: "--month is wrong", MessageZh: "请求有误，请检查后重试"}},
		{"not found, wrapped by the store", fmt.Errorf("units: %w", store.ErrNotFound), http.StatusNotFound, Error{Code: ENotFound, Message: "not found", MessageZh: "未找到所请求的内容"}},
		{"conflict over not found", fault.Wrap(fault.Conflict, store.ErrNotFound, "recompute it first"), http.StatusConflict, Error{Code: EConflict, Message: "recompute it first", MessageZh: "与已有记录冲突，或当前状态不允许此操作"}},
		{"unauthorized", fault.New(fault.Unauthorized, "bad signature"), http.StatusUnauthorized, Error{Code: EUnauthorized, Message: "bad signature", MessageZh: "身份验证未通过，请重新登录"}},
		{"forbidden", fault.New(fault.Forbidden, "not an admin"), http.StatusForbidden, Error{Code: EForbidden, Message: "not an admin", MessageZh: "没有进行此操作的权限"}},
		{"unavailable", fault.Wrap(fault.Unavailable, errors.New("dial tcp: refused"), "try again"), http.StatusServiceUnavailable, Error{Code: EUnavailable, Message: "try again", MessageZh: "服务暂时不可用，请稍后重试"}},
		{"internal", fault.New(fault.Internal, "nil map"), http.StatusInternalServerError, Error{Code: EInternal, Message: "internal error", MessageZh: "服务器内部错误，请稍后重试"}},
		{"no code", errors.New("table hotline: secret detail"), http.StatusInternalServerError, Error{Code: EInternal, Message: "internal error", MessageZh: "服务器内部错误，请稍后重试"}},
		{"an API error", &Error{Code: ETooLarge, Message: "over 1 MB"}, http.StatusRequestEntityTooLarge, Error{Code: ETooLarge, Message: "over 1 MB", MessageZh: "提交的内容超过大小上限，请分批提交"}},
		{"an API error with its Chinese", &Error{Code: ENotFound, Message: "no result of 2026-12 is published", MessageZh: "2026年12月的考核结果尚未发布"}, http.StatusNotFound,
			Error{Code: ENotFound, Message: "no result of 2026-12 is published", MessageZh: "2026年12月的考核结果尚未发布"}},
		{"a field without a Chinese name", &Error{Code: EInvalid, Field: "events[3].at", Message: "m"}, http.StatusBadRequest,
			Error{Code: EInvalid, Field: "events[3].at", Message: "m", MessageZh: "请求中的字段 events[3].at 有误，请检查后重试"}},
		{"an API error with a field, wrapped", fmt.Errorf("read: %w", &Error{Code: EInvalid, Field: "month", Message: "m"}), http.StatusBadRequest, Error{Code: EInvalid, Field: "month", Message: "m", MessageZh: "请求中的月份有误，请检查后重试"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, c.err)
			if rec.Code != c.status {
				t.Errorf("HTTP %d, want %d", rec.Code, c.status)
			}
			var body struct{ Error Error }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, body.Error); diff != "" {
				t.Errorf("error body (-want +got):\n%s", diff)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if got, want := rec.Header().Get("Retry-After") != "", c.status == http.StatusServiceUnavailable; got != want {
				t.Errorf("Retry-After set: %t, want %t", got, want)
			}
		})
	}
}

// TestEveryFaultHasACode: each code of the vocabulary has its row in the
// table, so no fault falls through to 500 by omission.
func TestEveryFaultHasACode(t *testing.T) {
	for _, f := range fault.Codes() {
		n := 0
		for _, c := range codes {
			if c.fault == f {
				n++
			}
		}
		if n != 1 {
			t.Errorf("fault %q has %d rows in the table, want 1", f, n)
		}
	}
}
