package httpapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
)

// bodyFiles are the files of one published version's bodies in
// Config.BodyDir: each body (as stored, each view and group, and the gzip
// form of each) written once, on its first GET, and removed when the
// version leaves the cache (issue 16, 4). A body sent from a file reaches
// the socket with sendfile(2) (net/http's response.ReadFrom hands an
// *os.File to *net.TCPConn.ReadFrom), not copied through user space: on
// loopback the copy of a 300 kB ranking was most of what a request cost.
type bodyFiles struct {
	dir  string
	gone atomic.Bool // set by remove: a file given back is closed, not kept

	mu      sync.Mutex
	paths   []string
	bodies  []*bodyFile // those whose file is written, to close the files they keep
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
	fs.gone.Store(true)
	for _, p := range fs.paths {
		_ = os.Remove(p)
	}
	for _, bf := range fs.bodies {
		bf.closeFree()
	}
	fs.paths, fs.bodies = nil, nil
}

// opened records bf, whose file is written, so that remove closes the
// files it keeps.
func (fs *bodyFiles) opened(bf *bodyFile) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.bodies = append(fs.bodies, bf)
	if fs.removed {
		bf.closeFree()
	}
}

// bodyFile is one variant's file, written on first use, with the files
// open on it that are free: opening a file costs more than the seek that
// readies one sent already (sendfile(2) reads from a file's offset and
// moves it, so a file serves one request at a time).
type bodyFile struct {
	files *bodyFiles
	once  sync.Once
	path  string // "" when it could not be written: the body goes from memory
	free  chan *os.File
}

// fileMin is the smallest body sent from a file. Below it the copy saved
// is less than what sendfile costs besides: a seek, and the headers sent
// apart from the body (net/http writes them with its first 512 bytes, then
// hands the rest to sendfile) where from memory they fill the first write;
// on loopback a gzip ranking of 23 kB cost 102 µs of CPU a request from a
// file and 89 µs from memory (docs/performance.md).
var fileMin = 64 << 10 // a variable for the tests, whose bodies are smaller

// freeFiles is how many open files a body keeps for the next requests: the
// connections sending it at once, about; more are opened and closed.
const freeFiles = 16

func newBodyFile(files *bodyFiles) *bodyFile {
	return &bodyFile{files: files, free: make(chan *os.File, freeFiles)}
}

// open returns a file of v's body at its start, writing the body first if
// need be; nil when v is served from memory (no BodyDir, a body made per
// request, one under fileMin) or its file cannot be had.
func (v *variant) open() *os.File {
	bf := v.file
	if bf == nil || len(v.body) < fileMin {
		return nil
	}
	bf.once.Do(func() {
		bf.path, _ = bf.files.write(v.etag[1:len(v.etag)-1], v.body)
		if bf.path != "" {
			bf.files.opened(bf)
		}
	})
	if bf.path == "" {
		return nil
	}
	select {
	case f := <-bf.free:
		return f
	default:
	}
	f, err := os.Open(bf.path)
	if err != nil {
		return nil
	}
	return f
}

// done gives back a file open gave: kept for another request, at its
// start, or closed.
func (bf *bodyFile) done(f *os.File) {
	if bf.files.gone.Load() {
		_ = f.Close()
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		_ = f.Close()
		return
	}
	select {
	case bf.free <- f:
	default:
		_ = f.Close()
	}
}

// closeFree closes the files kept free.
func (bf *bodyFile) closeFree() {
	for {
		select {
		case f := <-bf.free:
			_ = f.Close()
		default:
			return
		}
	}
}

// writeBody writes v's body after the headers: from its file when it has
// one (GET only: net/http sends no body to a HEAD, and a 304 never gets
// here), else from memory.
func writeBody(w http.ResponseWriter, r *http.Request, v *variant) {
	if r.Method == http.MethodGet {
		if f := v.open(); f != nil {
			defer v.file.done(f)
			// Limited to the body's length, sendfile(2) stops there
			// rather than being asked once more to find the end.
			_, _ = io.Copy(w, io.LimitReader(f, int64(len(v.body)))) // the client may be gone; nothing to do
			return
		}
	}
	_, _ = w.Write(v.body) // the client may be gone; nothing to do
}
