package emulator

// DropAgentConnections cuts every RTM connection of the agent (an agent
// id such as "agent@livechat.local") at once, without an
// agent_disconnected push, as a network failure would: clients see the
// socket end and reconnect. It returns how many connections were cut.
// Tests use it to check how an app rides out a lost connection.
func (s *Server) DropAgentConnections(agentID string) int {
	conns := s.hub.connsOf(agentID)
	for _, c := range conns {
		c.ws.CloseNow()
	}
	return len(conns)
}
