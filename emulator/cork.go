package emulator

import (
	"bufio"
	"net"
	"net/http"
	"sync"

	"github.com/coder/websocket"
)

// corkConn is the connection under an RTM WebSocket. While it is corked
// (by the connection's flush goroutine, around a run of queued frames)
// writes collect in memory and uncork sends them with one write: a
// response and the pushes queued behind it leave in one system call, and
// reach the client in one read, instead of one each. Uncorked, writes go
// straight through. The WebSocket library writes whole frames under its
// own lock, so frames of other goroutines (a pong, a close) that meet a
// cork are only delayed until uncork, never interleaved.
type corkConn struct {
	net.Conn
	mu     sync.Mutex
	corked bool
	buf    *[]byte // while corked: from corkBufs, so an idle connection holds none
}

// corkBufs holds the buffers of corked runs, shared by all connections.
var corkBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// Write implements net.Conn.
func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.corked {
		*c.buf = append(*c.buf, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// cork starts collecting writes.
func (c *corkConn) cork() {
	c.mu.Lock()
	if !c.corked {
		c.corked = true
		c.buf = corkBufs.Get().(*[]byte)
	}
	c.mu.Unlock()
}

// corkBufMax bounds the buffers corkBufs keeps.
const corkBufMax = 64 << 10

// uncork writes what was collected, in one write, and stops collecting.
// The lock is held during the write so that a frame written meanwhile
// by another goroutine follows the collected ones.
func (c *corkConn) uncork() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.corked {
		return nil
	}
	c.corked = false
	b := c.buf
	c.buf = nil
	var err error
	if len(*b) > 0 {
		_, err = c.Conn.Write(*b)
	}
	if cap(*b) <= corkBufMax {
		*b = (*b)[:0]
		corkBufs.Put(b)
	}
	return err
}

// corkWriter hands the WebSocket library a corkConn when it hijacks the
// HTTP connection (acceptWS).
type corkWriter struct {
	http.ResponseWriter
	conn  *corkConn
	limit int64 // frame payload limit (wsguard.go)
}

// Hijack implements http.Hijacker.
func (w *corkWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	// Reads go through a frameGuard: oversize frames refused at once (wsguard.go).
	w.conn = &corkConn{Conn: guardConn(nc, brw.Reader, w.limit)}
	// The library writes frames through brw.Writer: route it through the
	// cork (net/http hands out an empty writer, nothing is lost).
	brw.Writer.Reset(w.conn)
	return w.conn, brw, nil
}

// Unwrap lets http.ResponseController reach the original writer.
func (w *corkWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// acceptWS accepts a WebSocket whose frames can be corked (corkConn),
// reading at most limit bytes per message (a frame announcing more is
// refused at once, wsguard.go).
func acceptWS(w http.ResponseWriter, r *http.Request, opts *websocket.AcceptOptions, limit int64) (*websocket.Conn, *corkConn, error) {
	cw := &corkWriter{ResponseWriter: w, limit: limit}
	ws, err := websocket.Accept(cw, r, opts)
	if err != nil {
		return nil, nil, err
	}
	ws.SetReadLimit(limit)
	return ws, cw.conn, nil
}
