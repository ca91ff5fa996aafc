CREATE INDEX "members_muted_idx" ON "members" USING btree ("conversation_id","user_id") WHERE "members"."muted_until" is not null;--> statement-breakpoint
CREATE INDEX "users_do_not_disturb_idx" ON "users" USING btree ("id") WHERE "users"."status" = 'DO_NOT_DISTURB';
--> statement-breakpoint
-- chat_send_message also names the recipients a message may not alert (muted, or
-- DO_NOT_DISTURB), so MessageEvent.notify rides on the doorbell instead of every instance
-- reading every recipient's membership for every message. Otherwise unchanged from 0005.
DROP FUNCTION "chat_send_message"(bigint, bigint, bigint, text, text, jsonb, bigint, text, bigint);
--> statement-breakpoint
CREATE FUNCTION "chat_send_message"(
	p_sender bigint,
	p_conversation bigint,
	p_to_user bigint,
	p_kind text,
	p_body text,
	p_attachment jsonb,
	p_reply_to bigint,
	p_client_id text,
	-- The default keeps an instance not yet upgraded (calling with eight arguments) sending.
	p_inbox_max_events bigint DEFAULT 10000,
	OUT sent_id float8,
	OUT sent_conversation_id float8,
	OUT sent_seq float8,
	OUT sent_at_ms float8,
	OUT bell_at_ms float8,
	OUT bell_users float8[],
	OUT bell_seqs float8[],
	-- Members who may not want this message to alert them (MessageEvent.notify), for the
	-- server to decide with its clock and the message's mentions: a mute's end, or
	-- Infinity for DO_NOT_DISTURB. Usually none.
	OUT quiet_users float8[],
	OUT quiet_until_ms float8[]
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	v_conversation bigint := p_conversation;
	v_reply_conversation bigint;
	v_seq bigint;
	v_id bigint;
	v_created timestamptz;
	v_at timestamptz;
BEGIN
	IF v_conversation IS NULL THEN
		SELECT c.id INTO v_conversation FROM conversations c
		WHERE c.direct_key = least(p_sender, p_to_user)::text || ':' || greatest(p_sender, p_to_user)::text;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no direct conversation yet' USING ERRCODE = 'CH001';
		END IF;
	END IF;

	IF p_reply_to IS NOT NULL THEN
		SELECT m.conversation_id INTO v_reply_conversation FROM messages m WHERE m.id = p_reply_to;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'Message to reply to not found' USING ERRCODE = 'CH402';
		END IF;
		IF v_reply_conversation <> v_conversation THEN
			RAISE EXCEPTION 'replyToId must be a message of the same conversation' USING ERRCODE = 'CH400';
		END IF;
	END IF;

	-- Locks the conversation row (concurrent sends queue here and take 1, 2, 3... in commit
	-- order), numbers the message and reserves its id (messages_id_seq is the bigserial's
	-- sequence from 0000_init, named once here rather than looked up in pg_depend per send).
	UPDATE conversations c SET last_seq = c.last_seq + 1,
		last_message_id = nextval('messages_id_seq'::regclass),
		last_activity_at = date_trunc('milliseconds', clock_timestamp())
	WHERE c.id = v_conversation AND c.archived_at IS NULL
	RETURNING c.last_seq, c.last_message_id, c.last_activity_at INTO v_seq, v_id, v_created;

	-- Membership, read after the lock; the sender has read their own message.
	IF FOUND THEN
		UPDATE members m SET read_seq = greatest(m.read_seq, v_seq)
		WHERE m.conversation_id = v_conversation AND m.user_id = p_sender;
	END IF;
	IF NOT FOUND THEN
		-- Why not, as requireMember tells it: a public room one has not joined is FORBIDDEN,
		-- everything else NOT_FOUND (a private conversation's existence is not revealed).
		IF EXISTS (SELECT 1 FROM conversations c
				WHERE c.id = v_conversation AND c.kind = 'ROOM' AND NOT c.is_private AND c.archived_at IS NULL)
			AND NOT EXISTS (SELECT 1 FROM members m
				WHERE m.conversation_id = v_conversation AND m.user_id = p_sender) THEN
			RAISE EXCEPTION 'Join this room first' USING ERRCODE = 'CH403';
		END IF;
		RAISE EXCEPTION 'Conversation not found' USING ERRCODE = 'CH404';
	END IF;

	INSERT INTO messages
		(id, conversation_id, seq, sender_id, kind, body, attachment, reply_to_id, client_id, created_at)
	VALUES
		(v_id, v_conversation, v_seq, p_sender, p_kind, p_body, p_attachment, p_reply_to, p_client_id, v_created);

	-- The MessageEvent in every member's inbox: counters last, in user id order.
	v_at := clock_timestamp();
	WITH recipients AS (
		SELECT c.user_id FROM inbox_counters c
		JOIN members m ON m.user_id = c.user_id AND m.conversation_id = v_conversation
		ORDER BY c.user_id
		FOR UPDATE OF c
	), bumped AS (
		UPDATE inbox_counters c SET last_seq = c.last_seq + 1
		FROM recipients r WHERE c.user_id = r.user_id
		RETURNING c.user_id, c.last_seq, c.delivered_seq
	), stored AS (
		-- An inbox over the cap keeps what it holds: the number is used, the event dropped,
		-- and its reader gets a ResyncEvent at the gap (src/chat/inbox/stream.ts).
		INSERT INTO inbox_events (user_id, seq, kind, conversation_id, message_id, created_at)
		SELECT b.user_id, b.last_seq, 'MESSAGE', v_conversation, v_id, v_at FROM bumped b
		WHERE b.last_seq - b.delivered_seq <= p_inbox_max_events
		RETURNING inbox_events.user_id, inbox_events.seq
	)
	SELECT coalesce(array_agg(s.user_id::float8 ORDER BY s.user_id), '{}'),
		coalesce(array_agg(s.seq::float8 ORDER BY s.user_id), '{}')
	INTO bell_users, bell_seqs FROM stored s;

	-- Both from partial indexes: the muted of this conversation, and members who do not
	-- want to be disturbed at all.
	SELECT coalesce(array_agg(q.user_id::float8), '{}'), coalesce(array_agg(q.until_ms), '{}')
	INTO quiet_users, quiet_until_ms FROM (
		SELECT m.user_id, extract(epoch FROM m.muted_until)::float8 * 1000 AS until_ms FROM members m
		WHERE m.conversation_id = v_conversation AND m.muted_until IS NOT NULL
		UNION ALL
		SELECT u.id, 'Infinity'::float8 FROM users u
		JOIN members m ON m.conversation_id = v_conversation AND m.user_id = u.id
		WHERE u.status = 'DO_NOT_DISTURB'
	) q;

	sent_id := v_id;
	sent_conversation_id := v_conversation;
	sent_seq := v_seq;
	sent_at_ms := extract(epoch FROM v_created) * 1000;
	bell_at_ms := extract(epoch FROM v_at) * 1000;
END
$$;
