package emulator

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
)

// frameGuard reads a client's WebSocket byte stream for the WebSocket
// library and fails the read at once when a frame header announces a
// payload longer than limit. The library enforces its read limit only as
// the payload arrives, so a header announcing 2^63−1 bytes followed by
// nothing would otherwise hold the connection until a timeout.
type frameGuard struct {
	r     io.Reader
	limit int64
	hdr   [14]byte
	have  int   // header bytes collected
	left  int64 // payload bytes of the current frame still to pass
}

// guardedConn is a hijacked connection whose reads a frameGuard checks.
type guardedConn struct {
	net.Conn
	g *frameGuard
}

func (c *guardedConn) Read(p []byte) (int, error) { return c.g.Read(p) }

// guardConn returns conn with its reads checked by a frameGuard, starting
// with the bytes br had already buffered (which it then drops, so the
// library reads everything through the guard).
func guardConn(conn net.Conn, br *bufio.Reader, limit int64) net.Conn {
	var src io.Reader = conn
	if n := br.Buffered(); n > 0 {
		b, _ := br.Peek(n)
		src = io.MultiReader(bytes.NewReader(append([]byte(nil), b...)), conn)
		br.Reset(bytes.NewReader(nil))
	}
	return &guardedConn{Conn: conn, g: &frameGuard{r: src, limit: limit}}
}

// Read implements io.Reader.
func (g *frameGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if e := g.scan(p[:n]); e != nil {
		return 0, e
	}
	return n, err
}

// scan follows the frames in b.
func (g *frameGuard) scan(b []byte) error {
	for len(b) > 0 {
		if g.left > 0 {
			k := int64(len(b))
			if k > g.left {
				k = g.left
			}
			g.left -= k
			b = b[k:]
			continue
		}
		g.hdr[g.have] = b[0]
		g.have++
		b = b[1:]
		if g.have < 2 {
			continue
		}
		size := 2
		switch g.hdr[1] & 0x7f {
		case 126:
			size += 2
		case 127:
			size += 8
		}
		if g.hdr[1]&0x80 != 0 {
			size += 4
		}
		if g.have < size {
			continue
		}
		var length int64
		switch l := g.hdr[1] & 0x7f; l {
		case 126:
			length = int64(binary.BigEndian.Uint16(g.hdr[2:4]))
		case 127:
			u := binary.BigEndian.Uint64(g.hdr[2:10])
			if u > uint64(g.limit) {
				return fmt.Errorf("websocket frame of %d bytes is over the %d-byte limit", u, g.limit)
			}
			length = int64(u)
		default:
			length = int64(l)
		}
		if length > g.limit {
			return fmt.Errorf("websocket frame of %d bytes is over the %d-byte limit", length, g.limit)
		}
		g.have, g.left = 0, length
	}
	return nil
}
