package rtm

import "github.com/livechat-go/livechat"

// OnPush registers fn for pushes named name, each payload decoded into a
// new T (the typed payloads of the livechat package, e.g.
// livechat.IncomingEventPush, or any type of yours). A payload that does
// not decode is not passed to fn: the error handler gets a *ProtocolError.
// Like On, fn runs on the dispatcher goroutine; the returned id works with
// Off.
func OnPush[T any](c *Conn, name string, fn func(*T)) HandlerID {
	if fn == nil {
		return 0
	}
	return c.On(name, func(p Push) {
		v := new(T)
		if err := p.Decode(v); err != nil {
			c.log.Warn("livechat/rtm: push payload does not decode", "push", p.Action, "err", err)
			c.reportNow(&ProtocolError{Problem: "push " + p.Action + " payload", Frame: head(p.Payload), Err: err})
			return
		}
		fn(v)
	})
}

// OnIncomingChat handles incoming_chat pushes.
func (c *Conn) OnIncomingChat(fn func(*livechat.IncomingChatPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingChat, fn)
}

// OnIncomingEvent handles incoming_event pushes.
func (c *Conn) OnIncomingEvent(fn func(*livechat.IncomingEventPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingEvent, fn)
}

// OnEventUpdated handles event_updated pushes.
func (c *Conn) OnEventUpdated(fn func(*livechat.EventUpdatedPush)) HandlerID {
	return OnPush(c, livechat.PushEventUpdated, fn)
}

// OnChatDeactivated handles chat_deactivated pushes.
func (c *Conn) OnChatDeactivated(fn func(*livechat.ChatDeactivatedPush)) HandlerID {
	return OnPush(c, livechat.PushChatDeactivated, fn)
}

// OnChatTransferred handles chat_transferred pushes.
func (c *Conn) OnChatTransferred(fn func(*livechat.ChatTransferredPush)) HandlerID {
	return OnPush(c, livechat.PushChatTransferred, fn)
}

// OnUserAddedToChat handles user_added_to_chat pushes.
func (c *Conn) OnUserAddedToChat(fn func(*livechat.UserAddedToChatPush)) HandlerID {
	return OnPush(c, livechat.PushUserAddedToChat, fn)
}

// OnUserRemovedFromChat handles user_removed_from_chat pushes.
func (c *Conn) OnUserRemovedFromChat(fn func(*livechat.UserRemovedFromChatPush)) HandlerID {
	return OnPush(c, livechat.PushUserRemovedFromChat, fn)
}

// OnIncomingTypingIndicator handles incoming_typing_indicator pushes.
func (c *Conn) OnIncomingTypingIndicator(fn func(*livechat.IncomingTypingIndicatorPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingTypingIndicator, fn)
}

// OnIncomingSneakPeek handles incoming_sneak_peek pushes.
func (c *Conn) OnIncomingSneakPeek(fn func(*livechat.IncomingSneakPeekPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingSneakPeek, fn)
}

// OnEventsMarkedAsSeen handles events_marked_as_seen pushes.
func (c *Conn) OnEventsMarkedAsSeen(fn func(*livechat.EventsMarkedAsSeenPush)) HandlerID {
	return OnPush(c, livechat.PushEventsMarkedAsSeen, fn)
}

// OnRoutingStatusSet handles routing_status_set pushes.
func (c *Conn) OnRoutingStatusSet(fn func(*livechat.RoutingStatusSetPush)) HandlerID {
	return OnPush(c, livechat.PushRoutingStatusSet, fn)
}

// OnIncomingCustomers handles incoming_customers pushes (sent after an agent login).
func (c *Conn) OnIncomingCustomers(fn func(*livechat.IncomingCustomersPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingCustomers, fn)
}

// OnIncomingMulticast handles incoming_multicast pushes.
func (c *Conn) OnIncomingMulticast(fn func(*livechat.IncomingMulticastPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingMulticast, fn)
}

// OnAgentDisconnected handles agent_disconnected pushes. The Conn reacts to
// them itself (reconnecting or not); this is for telling the user.
func (c *Conn) OnAgentDisconnected(fn func(*livechat.AgentDisconnectedPush)) HandlerID {
	return OnPush(c, livechat.PushAgentDisconnected, fn)
}

// OnCustomerDisconnected handles customer_disconnected pushes.
func (c *Conn) OnCustomerDisconnected(fn func(*livechat.CustomerDisconnectedPush)) HandlerID {
	return OnPush(c, livechat.PushCustomerDisconnected, fn)
}

// OnIncomingGreeting handles incoming_greeting pushes (customers).
func (c *Conn) OnIncomingGreeting(fn func(*livechat.IncomingGreetingPush)) HandlerID {
	return OnPush(c, livechat.PushIncomingGreeting, fn)
}

// OnAnyPush handles every push, its payload decoded with
// livechat.DecodePushPayload: a pointer to the typed payload for known
// names (e.g. *livechat.IncomingEventPush), a json.RawMessage otherwise.
func (c *Conn) OnAnyPush(fn func(name string, payload any)) HandlerID {
	if fn == nil {
		return 0
	}
	return c.On(AllPushes, func(p Push) {
		v, err := livechat.DecodePushPayload(p.Action, p.Payload)
		if err != nil {
			c.reportNow(&ProtocolError{Problem: "push " + p.Action + " payload", Frame: head(p.Payload), Err: err})
			return
		}
		fn(p.Action, v)
	})
}
