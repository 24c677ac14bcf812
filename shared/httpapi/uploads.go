package httpapi

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/auth"
)

// Uploads keeps files too large for a request body (S3 in the cloud,
// shared/cloud): a pre-signed URL to put one to, and the reading of it
// back for the import.
type Uploads interface {
	// PresignPut returns a URL to PUT the file of key to, valid until
	// expires.
	PresignPut(ctx context.Context, key string) (url string, expires time.Time, err error)
	// Open reads the file of key back; fault.NotFound when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// uploadPrefix starts the key of every uploaded file.
const uploadPrefix = "imports/"

// errNoUploads answers the upload route of a server that keeps no uploads.
var errNoUploads = &Error{Code: ENotFound, Message: "this server keeps no uploads: post the file in the body of POST /v1/admin/imports, or use hotline import",
	MessageZh: "本系统不支持上传大文件，请直接提交文件或使用 hotline import 命令"}

// UploadRequest is the body of POST /v1/admin/imports/uploads.
type UploadRequest struct {
	File string `json:"file"` // the file's name, e.g. 平台导出.xlsx
}

// Upload answers POST /v1/admin/imports/uploads: where to PUT the file,
// and the key to import it by.
type Upload struct {
	Key       string    `json:"key"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// presignImport serves POST /v1/admin/imports/uploads to an admin client.
func (s *Server) presignImport(w http.ResponseWriter, r *http.Request, body []byte, _ *auth.Client) {
	if s.cfg.Uploads == nil {
		writeError(w, errNoUploads)
		return
	}
	var req UploadRequest
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	name := filepath.Base(strings.ReplaceAll(req.File, `\`, "/"))
	if ext := strings.ToLower(filepath.Ext(name)); ext != ".xlsx" && ext != ".csv" || strings.ContainsAny(name, "?#%") {
		writeError(w, &Error{Code: EInvalid, Field: "file", Message: "file must be the name of an .xlsx or .csv file, without ? # %", MessageZh: "只能上传 .xlsx 或 .csv 文件"})
		return
	}
	now := s.now(r)
	key := uploadPrefix + now.UTC().Format("2006-01-02") + "/" + strings.TrimPrefix(importID(now), "imp-") + "/" + name
	url, expires, err := s.cfg.Uploads.PresignPut(r.Context(), key)
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusOK, Upload{Key: key, URL: url, ExpiresAt: expires.UTC()})
}
