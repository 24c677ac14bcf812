package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shizhong/hotline/shared/publish"
)

// folder is where `hotline serve` publishes what the month-end function
// puts to S3 in the cloud (the ranking JSON, the workbook, latest.json),
// under the same keys, as files. It is written here rather than taken from
// a library: it is one os.WriteFile per object, through a temporary file
// renamed into place so that no reader sees half a file.
type folder struct{ dir string }

var _ publish.Bucket = folder{}

// PutObject writes o.Body to the file of o.Key under the folder.
func (f folder) PutObject(_ context.Context, o publish.Object) error {
	if o.Key == "" || strings.Contains(o.Key, "..") || filepath.IsAbs(o.Key) {
		return fmt.Errorf("publish: the key %q is not a relative path", o.Key)
	}
	path := filepath.Join(f.dir, filepath.FromSlash(o.Key))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, o.Body, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
