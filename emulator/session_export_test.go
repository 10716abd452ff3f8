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
