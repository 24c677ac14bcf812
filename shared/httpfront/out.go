package httpfront

import (
	"net"
)

// outBuffer holds the answers written and not yet sent: heads and small
// bodies are appended; a large body leaves with what is held in one
// writev(2), without being copied into the buffer.
type outBuffer struct {
	w net.Conn // the connection, unwrapped (rawConn)
	b []byte
	// The writev's two pieces and their net.Buffers, kept here so that
	// an answer allocates neither.
	vec  [2][]byte
	bufs net.Buffers
}

// bigBody is the size from which a body is written beside the buffer
// rather than copied into it.
const bigBody = 8 << 10

// keepMax is the most of its array the buffer keeps between answers.
const keepMax = 64 << 10

// write appends p, or sends the buffer and p at once when p is large.
func (o *outBuffer) write(p []byte) (int, error) {
	if len(p) < bigBody {
		o.b = append(o.b, p...)
		return len(p), nil
	}
	o.vec = [2][]byte{o.b, p}
	o.bufs = o.vec[:]
	held := int64(len(o.b))
	n, err := o.bufs.WriteTo(o.w)
	o.vec, o.bufs = [2][]byte{}, nil // nothing of the answer held past it
	o.reset()
	if n -= held; n < 0 {
		n = 0
	}
	return int(n), err
}

// flush sends what the buffer holds.
func (o *outBuffer) flush() error {
	if len(o.b) == 0 {
		return nil
	}
	_, err := o.w.Write(o.b)
	o.reset()
	return err
}

func (o *outBuffer) reset() {
	if cap(o.b) > keepMax {
		o.b = nil
		return
	}
	o.b = o.b[:0]
}

// rawConn is c without the wrappers that name what they wrap with
// NetConn (as crypto/tls.Conn does): net.Buffers reaches writev(2) only
// on a *net.TCPConn itself.
func rawConn(c net.Conn) net.Conn {
	for {
		u, ok := c.(interface{ NetConn() net.Conn })
		if !ok {
			return c
		}
		c = u.NetConn()
	}
}
