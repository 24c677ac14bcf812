package httpfront

import (
	"io"
	"net"
)

// replayConn is a connection handed to net/http: its reads give first the
// bytes the front read of the request it did not answer, then the
// connection's own. It keeps the ReadFrom of the connection below, which
// net/http uses to send a file with sendfile(2), and its WriteTo once the
// replayed bytes are read.
type replayConn struct {
	net.Conn
	replay []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.replay) > 0 {
		n := copy(p, c.replay)
		c.replay = c.replay[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// ReadFrom lets a file reach the ReadFrom of the connection below.
func (c *replayConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c.Conn}, r)
}

// CloseWrite shuts the connection below for writing, which net/http does
// after refusing a request, so that the client reads the refusal before
// the connection is reset.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// WriteTo gives the replayed bytes, then what the connection below reads.
func (c *replayConn) WriteTo(w io.Writer) (int64, error) {
	var n int64
	if len(c.replay) > 0 {
		m, err := w.Write(c.replay)
		n += int64(m)
		c.replay = c.replay[m:]
		if err != nil {
			return n, err
		}
	}
	var m int64
	var err error
	if wt, ok := c.Conn.(io.WriterTo); ok {
		m, err = wt.WriteTo(w)
	} else {
		m, err = io.Copy(w, readerOnly{c.Conn})
	}
	return n + m, err
}

// writerOnly and readerOnly hide every method but Write and Read, so that
// io.Copy does not come back to a ReadFrom or WriteTo of their own.
type (
	writerOnly struct{ io.Writer }
	readerOnly struct{ io.Reader }
)
