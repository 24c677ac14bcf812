package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
)

// bodyFiles are the files of one published version's bodies in
// Config.BodyDir: each body (as stored, each view and group, and the gzip
// form of each) written once, on its first GET, and removed when the
// version leaves the cache (issue 16, 4). A body sent from a file reaches
// the socket with sendfile(2) (net/http's response.ReadFrom hands an
// *os.File to *net.TCPConn.ReadFrom), not copied through user space: on
// loopback the copy of a 300 kB ranking was most of what a request cost.
type bodyFiles struct {
	dir string

	mu      sync.Mutex
	paths   []string
	removed bool
}

var errRemoved = errors.New("the version has left the cache")

// write writes body to a new file named by its tag (an ETag without quotes)
// and a random suffix, so that a version evicted and loaded again never
// shares a file with its former self.
func (fs *bodyFiles) write(tag string, body []byte) (string, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.removed {
		return "", errRemoved
	}
	f, err := os.CreateTemp(fs.dir, url.PathEscape(tag)+"-*.body")
	if err != nil {
		return "", fmt.Errorf("body file of %s: %w", tag, err)
	}
	_, err = f.Write(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("body file of %s: %w", tag, err)
	}
	fs.paths = append(fs.paths, f.Name())
	return f.Name(), nil
}

// remove removes every file written and keeps any more from being
// written. A request still sending from one keeps its open file; one about
// to open it finds it gone and sends from memory.
func (fs *bodyFiles) remove() {
	if fs == nil {
		return
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.removed = true
	for _, p := range fs.paths {
		_ = os.Remove(p)
	}
	fs.paths = nil
}

// bodyFile is one variant's file, written on first use.
type bodyFile struct {
	files *bodyFiles
	once  sync.Once
	path  string // "" when it could not be written: the body goes from memory
}

// open opens v's file, writing it first if need be; nil when v is served
// from memory (no BodyDir, a body made per request) or its file cannot be
// had.
func (v *variant) open() *os.File {
	bf := v.file
	if bf == nil {
		return nil
	}
	bf.once.Do(func() { bf.path, _ = bf.files.write(v.etag[1:len(v.etag)-1], v.body) })
	if bf.path == "" {
		return nil
	}
	f, err := os.Open(bf.path)
	if err != nil {
		return nil
	}
	return f
}

// writeBody writes v's body after the headers: from its file when it has
// one (GET only: net/http sends no body to a HEAD, and a 304 never gets
// here), else from memory.
func writeBody(w http.ResponseWriter, r *http.Request, v *variant) {
	if r.Method == http.MethodGet {
		if f := v.open(); f != nil {
			defer f.Close()
			// Limited to the body's length, sendfile(2) stops there
			// rather than being asked once more to find the end.
			_, _ = io.Copy(w, io.LimitReader(f, int64(len(v.body)))) // the client may be gone; nothing to do
			return
		}
	}
	_, _ = w.Write(v.body) // the client may be gone; nothing to do
}
