package emulator

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
)

// countingConn counts the writes that reach a real loopback socket.
type countingConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.writes = append(c.writes, bytes.Clone(p))
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func loopbackPair(t *testing.T) (server *countingConn, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		acc <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc := <-acc
	if sc == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { sc.Close(); client.Close() })
	return &countingConn{Conn: sc}, client
}

func TestCorkConn(t *testing.T) {
	under, peer := loopbackPair(t)
	c := &corkConn{Conn: under}

	// Uncorked: each write goes straight through.
	c.Write([]byte("a"))
	c.Write([]byte("b"))
	if len(under.writes) != 2 {
		t.Fatalf("uncorked: %d writes, want 2", len(under.writes))
	}

	// Corked: nothing reaches the socket until uncork, then one write.
	c.cork()
	for _, p := range []string{"frame1|", "frame2|", "frame3"} {
		if n, err := c.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("corked write: %d, %v", n, err)
		}
	}
	if len(under.writes) != 2 {
		t.Fatalf("corked: %d writes reached the socket", len(under.writes)-2)
	}
	if err := c.uncork(); err != nil {
		t.Fatal(err)
	}
	if len(under.writes) != 3 || string(under.writes[2]) != "frame1|frame2|frame3" {
		t.Fatalf("uncork: writes %q", under.writes)
	}
	// Uncorked again; an empty uncork writes nothing.
	c.Write([]byte("z"))
	if err := c.uncork(); err != nil || len(under.writes) != 4 {
		t.Fatalf("after uncork: %q, %v", under.writes, err)
	}
	want := "abframe1|frame2|frame3z"
	got := make([]byte, len(want))
	if _, err := io.ReadFull(peer, got); err != nil || string(got) != want {
		t.Fatalf("peer read %q, %v", got, err)
	}

	// A write error surfaces from uncork.
	under.Conn.Close()
	c.cork()
	c.Write([]byte("lost"))
	if err := c.uncork(); err == nil {
		t.Fatal("uncork on a closed socket: no error")
	}
}
