-- A send in one round trip (src/chat/messages.ts, send). PL/pgSQL, not one statement with
-- CTEs: a VOLATILE function takes a fresh snapshot for each statement, so the membership
-- and the recipients are read after the conversation row lock is granted and a leave that
-- committed while this send waited is seen. One statement would read them as of its start.
--
-- Locks, in the order every writer takes them: the conversation row, the sender's member
-- row, then the recipients' inbox_counters rows in user id order, last (as
-- src/db/inbox-log.ts appendInboxEvent does; keep the two fan-outs alike).
--
-- Refusals raise with SQLSTATEs of class CH that the caller maps to its error codes:
--   CH001 no DIRECT conversation of the two users yet (the caller makes it and retries)
--   CH404 conversation not found (or archived, or not visible to the sender)
--   CH403 a public room the sender has not joined
--   CH402 the message replied to does not exist
--   CH400 the message replied to is in another conversation
-- A clientId used before fails on messages_sender_client_id_key (23505), as an INSERT would.
CREATE FUNCTION "chat_send_message"(
	p_sender bigint,
	p_conversation bigint,
	p_to_user bigint,
	p_kind text,
	p_body text,
	p_attachment jsonb,
	p_reply_to bigint,
	p_client_id text,
	OUT sent_id float8,
	OUT sent_conversation_id float8,
	OUT sent_seq float8,
	OUT sent_at_ms float8,
	OUT bell_at_ms float8,
	OUT bell_users float8[],
	OUT bell_seqs float8[]
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
		RETURNING c.user_id, c.last_seq
	), stored AS (
		INSERT INTO inbox_events (user_id, seq, kind, conversation_id, message_id, created_at)
		SELECT b.user_id, b.last_seq, 'MESSAGE', v_conversation, v_id, v_at FROM bumped b
		RETURNING inbox_events.user_id, inbox_events.seq
	)
	SELECT coalesce(array_agg(s.user_id::float8 ORDER BY s.user_id), '{}'),
		coalesce(array_agg(s.seq::float8 ORDER BY s.user_id), '{}')
	INTO bell_users, bell_seqs FROM stored s;

	sent_id := v_id;
	sent_conversation_id := v_conversation;
	sent_seq := v_seq;
	sent_at_ms := extract(epoch FROM v_created) * 1000;
	bell_at_ms := extract(epoch FROM v_at) * 1000;
END
$$;
