// Package faultproxy is a loopback TCP proxy for fault-injection tests: it
// forwards connections to a target address and severs them on demand, at
// once (a random moment of the traffic) or right after it forwarded a
// client chunk a matcher picks (a request reached the server, its answer
// will be lost).
package faultproxy

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Proxy forwards TCP connections from a 127.0.0.1 port to a target.
type Proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns map[*pair]struct{}
	armed func(chunk []byte) bool // cut after forwarding a matching client chunk
	cuts  atomic.Int64
	wg    sync.WaitGroup
}

type pair struct{ client, server net.Conn }

func (p *pair) close() {
	p.client.Close()
	p.server.Close()
}

// New listens on 127.0.0.1 (a free port) and forwards to target
// ("host:port").
func New(target string) (*Proxy, error) {
	if target == "" {
		return nil, errors.New("faultproxy: target address is required")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[*pair]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's listening address ("127.0.0.1:port").
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// URL is "http://" + Addr().
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// Cuts returns how many connections the proxy severed.
func (p *Proxy) Cuts() int { return int(p.cuts.Load()) }

// CutAll severs every open connection now and returns how many there were.
func (p *Proxy) CutAll() int {
	p.mu.Lock()
	ps := make([]*pair, 0, len(p.conns))
	for c := range p.conns {
		ps = append(ps, c)
		delete(p.conns, c)
	}
	p.mu.Unlock()
	for _, c := range ps {
		c.close()
	}
	p.cuts.Add(int64(len(ps)))
	return len(ps)
}

// CutAfter arms a one-shot cut: the next client→server chunk for which
// match reports true (nil matches any chunk) is forwarded to the server
// and then its connection is severed, before any answer can come back.
func (p *Proxy) CutAfter(match func(chunk []byte) bool) {
	if match == nil {
		match = func([]byte) bool { return true }
	}
	p.mu.Lock()
	p.armed = match
	p.mu.Unlock()
}

// Contains returns a matcher for CutAfter that picks chunks holding s.
func Contains(s string) func([]byte) bool {
	return func(b []byte) bool { return bytes.Contains(b, []byte(s)) }
}

// Armed reports whether a CutAfter is still waiting for its chunk.
func (p *Proxy) Armed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.armed != nil
}

// Close stops listening and severs every connection.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.CutAll()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		pr := &pair{client: c, server: s}
		p.mu.Lock()
		p.conns[pr] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(2)
		go p.upstream(pr)
		go func() {
			defer p.wg.Done()
			_, _ = io.Copy(pr.client, pr.server)
			p.drop(pr)
		}()
	}
}

// upstream copies client → server, cutting after an armed chunk.
func (p *Proxy) upstream(pr *pair) {
	defer p.wg.Done()
	defer p.drop(pr)
	buf := make([]byte, 32<<10)
	for {
		n, err := pr.client.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			p.mu.Lock()
			cut := p.armed != nil && p.armed(chunk)
			if cut {
				p.armed = nil
			}
			p.mu.Unlock()
			if _, werr := pr.server.Write(chunk); werr != nil {
				return
			}
			if cut {
				p.mu.Lock()
				_, live := p.conns[pr]
				delete(p.conns, pr)
				p.mu.Unlock()
				pr.close()
				if live {
					p.cuts.Add(1)
				}
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// drop forgets a connection that ended by itself.
func (p *Proxy) drop(pr *pair) {
	p.mu.Lock()
	delete(p.conns, pr)
	p.mu.Unlock()
	pr.close()
}
