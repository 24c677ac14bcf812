package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/importer"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// The import of spreadsheets (issue 15, docs/import.md): a centre account
// uploads the platform's export or the centre's workbook on the page
// (POST /v1/desk/imports, ?dry_run=true to preview), an admin client posts
// it (POST /v1/admin/imports) or, when it is over the body's limit, puts it
// to a pre-signed URL first (POST /v1/admin/imports/uploads). The rows are
// read by the importer as `hotline import` reads them; the valid events
// are stored as the ingest API stores them, and the import is recorded.

// DefaultMaxImport is the largest file the import routes take in a request
// body: 4 MB, so that a body (base64 in a Lambda's 6 MB payload) always
// fits; a larger one goes through the upload route.
const DefaultMaxImport = 4 << 20

// maxUploaded is the largest uploaded file read back for an import.
const maxUploaded = 512 << 20

// importFile is a file to import: its name as given, and its bytes or a
// reader of them.
type importFile struct {
	name    string
	data    io.Reader
	mapping []byte // the export's mapping (YAML); none for the centre's workbook
}

// deskImport serves POST /v1/desk/imports[?dry_run=true] to a centre or
// admin account: the file and its mapping in a multipart body.
func (s *Server) deskImport(w http.ResponseWriter, r *http.Request, p person) {
	body, berr := readBodyUpTo(w, r, s.cfg.MaxImport)
	if berr != nil {
		writeError(w, importTooLarge(berr))
		return
	}
	f, ferr := readImportForm(r, body)
	if ferr != nil {
		writeError(w, ferr)
		return
	}
	s.answerImport(w, r, p.account.ID, f)
}

// adminImport serves POST /v1/admin/imports[?dry_run=true] to an admin
// client: a JSON body with the file's content (base64), or the key of a
// file put through the upload route.
func (s *Server) adminImport(w http.ResponseWriter, r *http.Request, body []byte, client *auth.Client) {
	var req AdminImport
	if e := decodeStrict(body, &req); e != nil {
		writeError(w, e)
		return
	}
	mapping := []byte(req.Mapping)
	switch {
	case (req.Content == nil) == (req.Key == ""):
		writeError(w, &Error{Code: EInvalid, Field: "content", Message: "give the file's content (base64) with its file name, or the key of an uploaded file: one of them"})
	case req.Content != nil:
		if int64(len(req.Content)) > s.cfg.MaxImport {
			writeError(w, importTooLarge(&Error{Code: ETooLarge, Field: "content", Message: fmt.Sprintf("the file is over %d bytes", s.cfg.MaxImport)}))
			return
		}
		s.answerImport(w, r, client.ID, importFile{name: filepath.Base(strings.ReplaceAll(req.File, `\`, "/")), data: bytes.NewReader(req.Content), mapping: mapping})
	case s.cfg.Uploads == nil:
		writeError(w, errNoUploads)
	case !strings.HasPrefix(req.Key, uploadPrefix) || strings.Contains(req.Key, ".."):
		writeError(w, &Error{Code: EInvalid, Field: "key", Message: "key must be one the upload route gave (" + uploadPrefix + "…)"})
	default:
		rc, err := s.cfg.Uploads.Open(r.Context(), req.Key)
		if err != nil {
			s.storeErrorZh(w, r, err, "no file was uploaded under "+req.Key, "未找到已上传的文件，请先上传")
			return
		}
		defer rc.Close()
		s.answerImport(w, r, client.ID, importFile{name: path.Base(req.Key), data: io.LimitReader(rc, maxUploaded), mapping: mapping})
	}
}

// AdminImport is the body of POST /v1/admin/imports: the file's name and
// content, or the key of a file put through the upload route; and the
// export's mapping (YAML), none for the centre's workbook.
type AdminImport struct {
	File    string `json:"file,omitempty"`
	Content []byte `json:"content,omitempty"` // base64 in JSON
	Key     string `json:"key,omitempty"`
	Mapping string `json:"mapping,omitempty"`
}

// adminImportLimit is the body limit of the admin import: the file's
// limit in base64, and room for the mapping.
func adminImportLimit(maxImport int64) int64 { return maxImport/3*4 + 4 + MaxBody }

// answerImport imports f and answers its report.
func (s *Server) answerImport(w http.ResponseWriter, r *http.Request, by string, f importFile) {
	dry := r.URL.Query().Get("dry_run")
	if dry != "" && dry != "true" && dry != "false" {
		writeError(w, &Error{Code: EInvalid, Field: "dry_run", Message: "dry_run must be true or false", MessageZh: "dry_run 应为 true 或 false"})
		return
	}
	rep, err := s.runImport(r.Context(), by, f, dry == "true", s.now(r))
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			writeError(w, e)
			return
		}
		s.storeError(w, r, err, "no unit registry is stored: put the registry first")
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// runImport reads f with its mapping (and the centre's workbook's) and,
// unless dry, stores the valid events and records the import.
func (s *Server) runImport(ctx context.Context, by string, f importFile, dry bool, now time.Time) (*ImportReport, error) {
	ext := strings.ToLower(filepath.Ext(f.name))
	if ext != ".xlsx" && ext != ".csv" {
		return nil, &Error{Code: EInvalid, Field: "file", Message: fmt.Sprintf("file %q must be an .xlsx workbook or a .csv file", f.name), MessageZh: "只能导入 .xlsx 工作簿或 .csv 文件"}
	}
	ms, merr := s.importMappings(f.mapping)
	if merr != nil {
		return nil, merr
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		return nil, fmt.Errorf("the stored registry: %w", err)
	}
	dir, err := os.MkdirTemp("", "hotline-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, f.name)
	if err := writeFile(file, f.data); err != nil {
		return nil, err
	}
	run := &importer.Run{Mappings: ms, Units: reg, Source: importer.Files{}}
	var made []importer.Made
	counts := map[string]int{}
	problems, err := run.File(file, func(m importer.Made) error {
		made = append(made, m)
		counts[m.Event.Type.String()]++
		return nil
	})
	if err != nil {
		return nil, &Error{Code: EInvalid, Field: "file", Message: strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""), MessageZh: "文件无法读取：不是有效的 .xlsx 或 .csv 文件"}
	}
	for i := range problems {
		problems[i].File = f.name
	}
	rep := &ImportReport{File: f.name, DryRun: dry, Mapping: run.Read[file], Events: counts, Total: len(made), Repeated: run.Duplicates,
		Problems: importProblems(problems), ProblemCount: len(problems), Conflicts: []ImportProblem{}}
	if dry {
		return rep, nil
	}
	for i := range made {
		made[i].Place.File = f.name
	}
	var stored importer.Stored
	if err := importer.Store(ctx, s.cfg.Store, made, &stored); err != nil {
		return nil, fault.Wrap(fault.Unavailable, err, "the events could not all be stored now; import the file again (what was stored is not stored twice)")
	}
	rep.Stored, rep.Duplicate, rep.Conflict, rep.Conflicts = stored.Stored, stored.Duplicate, stored.Conflict, importProblems(stored.Conflicts)
	rec := store.Import{ID: importID(now), At: now.UTC(), By: by, File: f.name, Mapping: rep.Mapping, Events: counts,
		Stored: stored.Stored, Duplicate: stored.Duplicate, Conflict: stored.Conflict, Problems: len(problems)}
	if s.cfg.Imports != nil {
		if err := s.cfg.Imports.PutImport(ctx, rec); err != nil {
			s.cfg.Log.ErrorContext(ctx, "record the import", slog.String("file", f.name), slog.String("error", err.Error()))
			return nil, fault.Wrap(fault.Unavailable, err, "the events were stored but the import could not be recorded; import the file again to record it")
		}
	}
	ir := importRecord(rec)
	rep.Import = &ir
	s.cfg.Log.InfoContext(ctx, "imported", slog.String("by", by), slog.String("file", f.name), slog.Int("events", len(made)), slog.Int("stored", stored.Stored), slog.Int("problems", len(problems)))
	return rep, nil
}

// importMappings are the mappings a file is read with: the one given, then
// the built-in one of the centre's workbook.
func (s *Server) importMappings(yaml []byte) ([]*importer.Mapping, *Error) {
	centre, err := importer.CentreWorkbook(s.cfg.Location)
	if err != nil {
		return nil, &Error{Code: EInternal, Message: "internal error"}
	}
	if len(bytes.TrimSpace(yaml)) == 0 {
		return []*importer.Mapping{centre}, nil
	}
	m, err := importer.Parse(yaml, s.cfg.Location)
	if err != nil {
		return nil, &Error{Code: EInvalid, Field: "mapping", Message: "the mapping: " + strings.ReplaceAll(err.Error(), "\n", "; "), MessageZh: "导入映射有误：" + strings.ReplaceAll(err.Error(), "\n", "；")}
	}
	return []*importer.Mapping{m, centre}, nil
}

// readImportForm reads the multipart body of an import: the part file
// (with its file name) and, optionally, the part mapping.
func readImportForm(r *http.Request, body []byte) (importFile, *Error) {
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		return importFile{}, &Error{Code: EInvalid, Message: "the body must be multipart/form-data with the part file (and mapping for an export)", MessageZh: "请选择要导入的文件"}
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var f importFile
	var data []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return importFile{}, &Error{Code: EInvalid, Message: "the multipart body is malformed: " + err.Error(), MessageZh: "上传的内容不完整，请重新选择文件上传"}
		}
		content, err := io.ReadAll(part)
		if err != nil {
			return importFile{}, &Error{Code: EInvalid, Message: "the multipart body is malformed: " + err.Error(), MessageZh: "上传的内容不完整，请重新选择文件上传"}
		}
		switch part.FormName() {
		case "file":
			f.name, data = filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), content
		case "mapping":
			f.mapping = content
		default:
			return importFile{}, &Error{Code: EInvalid, Field: part.FormName(), Message: fmt.Sprintf("unknown part %q: an import has the parts file and mapping", part.FormName())}
		}
	}
	if data == nil || f.name == "" || f.name == "." || f.name == "/" {
		return importFile{}, &Error{Code: EInvalid, Field: "file", Message: "the part file, with its file name, is required", MessageZh: "请选择要导入的文件"}
	}
	f.data = bytes.NewReader(data)
	return f, nil
}

// importTooLarge says what to do with a file over the body's limit.
func importTooLarge(e *Error) *Error {
	if e.Code != ETooLarge {
		return e
	}
	c := *e
	c.Message += ": import a larger file with `hotline import`, or through the upload route (POST /v1/admin/imports/uploads)"
	c.MessageZh = "文件过大，无法在页面导入：请用 hotline import 命令导入，或由管理员通过上传接口导入"
	return &c
}

// importID is the id of an import record: its time, then 8 random hex
// digits, so that ids sort by time.
func importID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand does not fail
	return "imp-" + now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b)
}

// writeFile writes r to a new file.
func writeFile(name string, r io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// deskImports serves GET /v1/desk/imports: the latest imports recorded.
func (s *Server) deskImports(w http.ResponseWriter, r *http.Request, _ person) {
	out := ImportList{Imports: []ImportRecord{}}
	if s.cfg.Imports != nil {
		recs, err := s.cfg.Imports.RecentImports(r.Context(), 50)
		if err != nil {
			s.storeError(w, r, err, "")
			return
		}
		for _, rec := range recs {
			out.Imports = append(out.Imports, importRecord(rec))
		}
	}
	writeJSON(w, http.StatusOK, out)
}
