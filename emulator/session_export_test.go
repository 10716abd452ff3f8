package emulator

import "time"

// ExpireWebPresence makes agentID's Web API presence lapse now, as if
// webPresenceTTL had passed since their last call (the timer armed by
// the call does the same after that time), and returns once their
// session ended, when it did. Tests use it instead of waiting 5 minutes.
func (s *Server) ExpireWebPresence(agentID string) {
	p := s.presence()
	p.mu.Lock()
	if last, ok := p.web[agentID]; ok {
		p.web[agentID] = last.Add(-webPresenceTTL)
	}
	p.mu.Unlock()
	s.webPresenceLapsed(agentID, time.Now())
}

// PendingWebLapse is ExpireWebPresence stopped half-way: agentID's Web
// API presence is forgotten and the end of their session decided (as
// sessionMayEnd decides it), but it runs only when the returned function
// is called, so that a test can run actions while the end is pending.
func (s *Server) PendingWebLapse(agentID string) (end func()) {
	p := s.presence()
	p.mu.Lock()
	delete(p.web, agentID)
	p.mu.Unlock()
	epoch, ok := s.sessionToEnd(agentID)
	return func() {
		if ok {
			s.endSessionEpoch(agentID, endDisconnected, epoch)
		}
	}
}

// AwaitRTMClosed returns once every RTM connection is closed and its end
// handled (afterDisconnect); the test must open no connection meanwhile.
func (s *Server) AwaitRTMClosed() { s.hub.wait() }
