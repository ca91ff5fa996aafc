import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idOf } from '../src/schema/global-id.js';
import { graphql } from './gql/index.js';
import { Conversations, Inbox, Messages, Send } from './support/documents.js';
import { globalId, refusal, until } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const SendToMany = graphql(`
  mutation SendToMany($input: SendToManyInput!) {
    sendToMany(input: $input) {
      id body format
      sender { username }
      conversation { id kind }
      entities { kind user { username } }
    }
  }
`);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** The bodies of a conversation as `user` reads it, oldest first. */
async function bodiesIn(user: TestUser, conversationId: string): Promise<string[]> {
  const { messages } = await user.ok(Messages, { conversationId, last: 100 });
  return messages.edges.map((e) => e.node.body);
}

describe('sendToMany', () => {
  it("sends one message into each user's DIRECT conversation, made on first use, reused after", async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const earlier = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi bob' } })).send;
    const bobInbox = bob.device();
    const sub = bobInbox.subscribe(Inbox, {});

    const body = `**news** for @${bob.username}`;
    const { sendToMany } = await alice.ok(SendToMany, {
      input: { toUserIds: [bob.id, carol.id], body, format: 'MARKDOWN' },
    });
    expect(sendToMany).toHaveLength(2);
    const [toBob, toCarol] = sendToMany;
    expect(toBob?.conversation).toEqual({ id: earlier.conversation.id, kind: 'DIRECT' });
    expect(toCarol?.conversation.kind).toBe('DIRECT');
    expect(toCarol?.conversation.id).not.toBe(earlier.conversation.id);
    for (const message of sendToMany) {
      expect(message).toMatchObject({
        body,
        format: 'MARKDOWN',
        sender: { username: alice.username },
      });
    }
    // Entities as a send makes them: @bob is a member of Bob's conversation only.
    expect(toBob?.entities.map((e) => [e.kind, e.user?.username ?? null])).toEqual([
      ['BOLD', null],
      ['MENTION', bob.username],
    ]);
    expect(toCarol?.entities.map((e) => e.kind)).toEqual(['BOLD']);

    // Each recipient gets a MessageEvent, and sees it in their history.
    const events = await until(
      sub,
      (e) => e.__typename === 'MessageEvent' && e.message.id === toBob?.id,
    );
    expect(events.at(-1)).toMatchObject({ message: { body } });
    await bobInbox.close();
    expect(await bodiesIn(carol, toCarol?.conversation.id as string)).toEqual([body]);
  });

  it('is all or nothing: an unknown user, or yourself, sends nothing to anyone', async () => {
    const [alice, bob, dave] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'dave'),
    ]);
    const unknown = globalId('User', 999_999_999);
    const withUnknown = await alice.run(SendToMany, {
      input: { toUserIds: [bob.id, unknown, dave.id], body: 'to all' },
    });
    expect(refusal(withUnknown)).toBe('NOT_FOUND');
    const withSelf = await alice.run(SendToMany, {
      input: { toUserIds: [bob.id, alice.id], body: 'to all' },
    });
    expect(refusal(withSelf)).toBe('BAD_USER_INPUT');
    const wrongType = await alice.run(SendToMany, {
      input: { toUserIds: [bob.id, globalId('Message', 1)], body: 'to all' },
    });
    expect(refusal(wrongType)).toBe('BAD_USER_INPUT');
    const emptyBody = await alice.run(SendToMany, { input: { toUserIds: [bob.id], body: ' ' } });
    expect(refusal(emptyBody)).toBe('BAD_USER_INPUT');

    const keyed = await alice.run(SendToMany, {
      input: { toUserIds: [bob.id, unknown], body: 'to all', clientId: 'refused-1' },
    });
    expect(refusal(keyed)).toBe('NOT_FOUND');

    // No message, and no DIRECT conversation made, for anyone.
    for (const user of [bob, dave]) {
      const { conversations } = await user.ok(Conversations, { first: 100 });
      expect(conversations.edges.filter((e) => e.node.kind === 'DIRECT')).toEqual([]);
    }
    // A refused call used up nothing: its clientId sends once the users are right.
    const retried = await alice.ok(SendToMany, {
      input: { toUserIds: [bob.id, dave.id], body: 'to all', clientId: 'refused-1' },
    });
    expect(retried.sendToMany.map((m) => m.body)).toEqual(['to all', 'to all']);
  });

  it('leaves nothing behind when a send fails halfway through', async () => {
    const [alice, bob, carol, dave] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
      signUp(server, 'dave'),
    ]);
    const toCarol = (await alice.ok(Send, { input: { toUserId: carol.id, body: 'hi carol' } }))
      .send;
    const carolConversation = idOf(toCarol.conversation.id, 'Conversation');
    const bobInbox = bob.device();
    const sub = bobInbox.subscribe(Inbox, {});
    await sub.waitFor(0);
    // The database refuses the message into Carol's conversation, after Bob's was written and
    // Dave's conversation made: a failure nobody checked for beforehand.
    const { database } = server.app.deps;
    const trigger = `refuse_into_${carolConversation}`;
    await database.rows(
      sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$
        begin raise exception 'the test refuses this message'; end $$`),
    );
    await database.rows(
      sql.raw(`create trigger ${trigger} before insert on messages for each row
        when (new.conversation_id = ${carolConversation}) execute function ${trigger}()`),
    );
    try {
      const failed = await alice.run(SendToMany, {
        input: { toUserIds: [bob.id, carol.id, dave.id], body: 'halfway', clientId: 'halfway-1' },
      });
      expect(refusal(failed)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await database.rows(sql.raw(`drop trigger ${trigger} on messages`));
      await database.rows(sql.raw(`drop function ${trigger}()`));
    }

    // Nothing of the call is left: no message, no conversation, no event, no used clientId.
    const { conversations } = await bob.ok(Conversations, { first: 100 });
    expect(conversations.edges.filter((e) => e.node.kind === 'DIRECT')).toEqual([]);
    const daves = await dave.ok(Conversations, { first: 100 });
    expect(daves.conversations.edges.filter((e) => e.node.kind === 'DIRECT')).toEqual([]);
    expect(await bodiesIn(carol, toCarol.conversation.id)).toEqual(['hi carol']);
    const retried = await alice.ok(SendToMany, {
      input: { toUserIds: [bob.id, carol.id, dave.id], body: 'halfway', clientId: 'halfway-1' },
    });
    expect(retried.sendToMany).toHaveLength(3);
    // Bob's inbox holds the retried message only: the failed call rang no doorbell and
    // stored no event.
    const events = await until(sub, (e) => e.__typename === 'MessageEvent');
    expect(events.filter((e) => e.__typename === 'MessageEvent')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ message: { id: retried.sendToMany[0]?.id } });
    await bobInbox.close();
  });

  it('takes 1 to 100 users: 101 or none are refused', async () => {
    const alice = await signUp(server, 'alice');
    const many = Array.from({ length: 101 }, (_, i) => globalId('User', 900_000 + i));
    expect(refusal(await alice.run(SendToMany, { input: { toUserIds: many, body: 'spam' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await alice.run(SendToMany, { input: { toUserIds: [], body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('is idempotent with a clientId: the same call gives back the same messages, sent once', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const input = { toUserIds: [bob.id, carol.id], body: 'once', clientId: 'batch-1' };
    // Two at once, and one after: every answer is the first call's messages.
    const answers = await Promise.all([
      alice.ok(SendToMany, { input }),
      alice.ok(SendToMany, { input }),
    ]);
    answers.push(await alice.ok(SendToMany, { input }));
    const ids = answers.map((a) => a.sendToMany.map((m) => m.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    const [withBob, withCarol] = answers[0]?.sendToMany.map((m) => m.conversation.id) ?? [];
    expect(await bodiesIn(bob, withBob as string)).toEqual(['once']);
    expect(await bodiesIn(carol, withCarol as string)).toEqual(['once']);

    // The same key for something else: CONFLICT, and nothing sent.
    expect(refusal(await alice.run(SendToMany, { input: { ...input, body: 'twice' } }))).toBe(
      'CONFLICT',
    );
    expect(refusal(await alice.run(SendToMany, { input: { ...input, toUserIds: [bob.id] } }))).toBe(
      'CONFLICT',
    );
    expect(await bodiesIn(bob, withBob as string)).toEqual(['once']);
    // Another sender's key is theirs.
    const other = await bob.ok(SendToMany, { input: { ...input, toUserIds: [carol.id] } });
    expect(other.sendToMany.map((m) => m.body)).toEqual(['once']);
  });

  it('counts as one send per user against the send rate limit', async () => {
    const own = await startServer({ RATE_LIMITS: 'send=3/1h' });
    try {
      const users = await Promise.all(
        ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => signUp(own, name)),
      );
      const [alice, ...others] = users as [TestUser, ...TestUser[]];
      const toAll = await alice.run(SendToMany, {
        input: { toUserIds: others.map((u) => u.id), body: 'too many' },
      });
      expect(refusal(toAll)).toBe('RATE_LIMITED');
      const toThree = await alice.run(SendToMany, {
        input: { toUserIds: others.slice(0, 3).map((u) => u.id), body: 'three' },
      });
      expect(toThree.errors).toBeUndefined();
      const after = await alice.run(Send, { input: { toUserId: others[3]?.id, body: 'one more' } });
      expect(refusal(after)).toBe('RATE_LIMITED');
    } finally {
      await own.stop();
    }
  });
});
