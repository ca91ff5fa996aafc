import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from './support/client.js';
import { Conversations, CreateRoom, Messages, Send } from './support/documents.js';
import { globalId, refusal, room } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** Bodies of a conversation's history, oldest first, as `user` reads it. */
async function bodies(user: TestUser, conversationId: string): Promise<string[]> {
  const { messages } = await user.ok(Messages, { conversationId, first: 100 });
  return messages.edges.map((e) => e.node.body);
}

/** The DIRECT conversations in a user's list. */
async function directs(user: TestUser) {
  const { conversations } = await user.ok(Conversations, { first: 100 });
  return conversations.edges.map((e) => e.node).filter((c) => c.kind === 'DIRECT');
}

/** A public room owned by `owner` that `others` joined. */

describe('direct messages', () => {
  it('reach a user who has never connected, and every later send reuses the conversation', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const first = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi bob' } })).send;
    expect(first).toMatchObject({
      body: 'hi bob',
      kind: 'TEXT',
      clientId: null,
      attachment: null,
      replyTo: null,
      sender: { id: alice.id, username: alice.username },
      conversation: { kind: 'DIRECT', memberCount: 2 },
    });
    const reply = (await bob.ok(Send, { input: { toUserId: alice.id, body: 'hi alice' } })).send;
    const again = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'still there?' } }))
      .send;
    expect(reply.conversation.id).toBe(first.conversation.id);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(await bodies(bob, first.conversation.id)).toEqual([
      'hi bob',
      'hi alice',
      'still there?',
    ]);

    const [dm] = await directs(bob);
    expect(await directs(bob)).toHaveLength(1);
    expect(dm).toMatchObject({
      id: first.conversation.id,
      title: null,
      memberCount: 2,
      lastMessage: { body: 'still there?' },
    });
    expect(dm?.members.edges.map((e) => e.node.username).sort()).toEqual(
      [alice.username, bob.username].sort(),
    );
  });

  it('makes one conversation per pair when both sides send their first message at the same time', async () => {
    for (let round = 0; round < 8; round++) {
      const [a, b] = await Promise.all([signUp(server, 'race'), signUp(server, 'race')]);
      const sent = await Promise.all([
        a.ok(Send, { input: { toUserId: b.id, body: `a${round}` } }),
        b.ok(Send, { input: { toUserId: a.id, body: `b${round}` } }),
        a.ok(Send, { input: { toUserId: b.id, body: `a${round} again` } }),
      ]);
      const ids = new Set(sent.map((s) => s.send.conversation.id));
      expect(ids.size).toBe(1);
      const [conversationId] = [...ids] as [string];
      expect((await directs(a)).map((c) => c.id)).toEqual([conversationId]);
      expect((await directs(b)).map((c) => c.id)).toEqual([conversationId]);
      expect((await bodies(a, conversationId)).sort()).toEqual(
        [`a${round}`, `a${round} again`, `b${round}`].sort(),
      );
    }
  });

  it('refuses yourself, an unknown user, a wrong id type, and both or neither target', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    expect(refusal(await alice.run(Send, { input: { toUserId: alice.id, body: 'me' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      refusal(await alice.run(Send, { input: { toUserId: globalId('User', 999_999), body: 'x' } })),
    ).toBe('NOT_FOUND');
    expect(refusal(await alice.run(Send, { input: { toUserId: roomId, body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await alice.run(Send, { input: { toUserId: 'not-an-id', body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      refusal(
        await alice.run(Send, { input: { toUserId: bob.id, conversationId: roomId, body: 'x' } }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(refusal(await alice.run(Send, { input: { body: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(await bodies(bob, roomId)).toEqual([]);
    expect(await directs(alice)).toEqual([]);
  });

  it('leaves no conversation behind when a first message is refused', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await room(alice, bob);
    const inRoom = (
      await alice.ok(Send, {
        input: { conversationId: roomId, body: 'in the room', clientId: 'k1' },
      })
    ).send;
    // A reply to a message of another conversation.
    const reply = await alice.run(Send, {
      input: { toUserId: bob.id, body: 'about that', replyToId: inRoom.id },
    });
    expect(refusal(reply)).toBe('BAD_USER_INPUT');
    // A clientId already used for this body in the room.
    expect(
      refusal(
        await alice.run(Send, {
          input: { toUserId: carol.id, body: 'in the room', clientId: 'k1' },
        }),
      ),
    ).toBe('CONFLICT');
    expect(await directs(alice)).toEqual([]);
    expect(await directs(bob)).toEqual([]);
    expect(await directs(carol)).toEqual([]);
  });
});

describe('sending to a conversation', () => {
  it('delivers to the members of a room, TEXT by default', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const sent = (await bob.ok(Send, { input: { conversationId: roomId, body: 'hello room' } }))
      .send;
    expect(sent).toMatchObject({
      kind: 'TEXT',
      body: 'hello room',
      conversation: { id: roomId, kind: 'ROOM', memberCount: 2 },
    });
    expect(await bodies(alice, roomId)).toEqual(['hello room']);
  });

  it("refuses someone else's conversation and stores nothing", async () => {
    const [alice, bob, mallory] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'mallory'),
    ]);
    const dm = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'just us' } })).send
      .conversation.id;
    const { createRoom: secret } = await alice.ok(CreateRoom, { title: 'secret', isPrivate: true });
    const open = await room(alice, bob);
    expect(
      refusal(await mallory.run(Send, { input: { conversationId: dm, body: 'let me in' } })),
    ).toBe('NOT_FOUND');
    expect(
      refusal(await mallory.run(Send, { input: { conversationId: secret.id, body: 'let me in' } })),
    ).toBe('NOT_FOUND');
    // A public room: visible, but only members send.
    expect(
      refusal(await mallory.run(Send, { input: { conversationId: open, body: 'let me in' } })),
    ).toBe('FORBIDDEN');
    expect(await bodies(bob, dm)).toEqual(['just us']);
    expect(await bodies(alice, secret.id)).toEqual([]);
    expect(await bodies(alice, open)).toEqual([]);
  });

  it('refuses empty, blank and over-long bodies; 4000 characters of any script are fine', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    for (const body of ['', ' ', ' \n\t\u00a0 ', 'x'.repeat(4001), '😀'.repeat(4001)]) {
      expect(refusal(await alice.run(Send, { input: { conversationId: roomId, body } }))).toBe(
        'BAD_USER_INPUT',
      );
    }
    const latin = (
      await alice.ok(Send, { input: { conversationId: roomId, body: 'x'.repeat(4000) } })
    ).send;
    const emoji = (
      await alice.ok(Send, { input: { conversationId: roomId, body: '😀'.repeat(4000) } })
    ).send;
    expect(latin.body).toHaveLength(4000);
    expect([...emoji.body]).toHaveLength(4000);
    expect(await bodies(bob, roomId)).toEqual(['x'.repeat(4000), '😀'.repeat(4000)]);
  });

  it('refuses a conversation id of the wrong type, a malformed one and an unknown one', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    expect(refusal(await alice.run(Send, { input: { conversationId: bob.id, body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(refusal(await alice.run(Send, { input: { conversationId: '%%%', body: 'x' } }))).toBe(
      'BAD_USER_INPUT',
    );
    const unknown = globalId('Conversation', 999_999);
    expect(refusal(await alice.run(Send, { input: { conversationId: unknown, body: 'x' } }))).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses a NUL character (which the database cannot store) with a clear error, not an internal one', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    for (const input of [
      { body: 'nul\u0000here' },
      { body: 'ok', clientId: 'nul\u0000' },
      {
        body: 'ok',
        kind: 'FILE' as const,
        attachment: { url: 'https://example.com/f', name: 'a\u0000b' },
      },
    ]) {
      expect(refusal(await alice.run(Send, { input: { conversationId: roomId, ...input } }))).toBe(
        'BAD_USER_INPUT',
      );
    }
    expect(await bodies(bob, roomId)).toEqual([]);
  });
});

describe('kinds and attachments', () => {
  it('sends IMAGE, FILE and AUDIO with their attachment', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    for (const [kind, attachment] of [
      [
        'IMAGE',
        {
          url: 'https://cdn.example.com/cat.png',
          name: 'cat.png',
          mimeType: 'image/png',
          size: 12_345,
        },
      ],
      [
        'FILE',
        {
          url: 'http://files.example.com/report.pdf',
          name: 'report.pdf',
          mimeType: 'application/pdf',
          size: 0,
        },
      ],
      ['AUDIO', { url: 'https://cdn.example.com/v.ogg' }],
    ] as const) {
      const sent = (
        await alice.ok(Send, { input: { toUserId: bob.id, body: `a ${kind}`, kind, attachment } })
      ).send;
      expect(sent.kind).toBe(kind);
      expect(sent.attachment).toEqual({ name: null, mimeType: null, size: null, ...attachment });
    }
  });

  it('refuses SYSTEM, a file kind without an attachment and bad attachment metadata; stores nothing', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const url = 'https://cdn.example.com/x.png';
    const refused = [
      { kind: 'SYSTEM' as const },
      { kind: 'SYSTEM' as const, attachment: { url } },
      { kind: 'IMAGE' as const },
      { kind: 'FILE' as const },
      { kind: 'AUDIO' as const },
      ...['ftp://cdn.example.com/x.png', 'not a url', 'javascript:alert(1)', '', 'https://'].map(
        (bad) => ({
          kind: 'IMAGE' as const,
          attachment: { url: bad },
        }),
      ),
      { kind: 'IMAGE' as const, attachment: { url, mimeType: 'png' } },
      { kind: 'IMAGE' as const, attachment: { url, size: -1 } },
      { kind: 'IMAGE' as const, attachment: { url: `https://example.com/${'a'.repeat(3000)}` } },
    ];
    for (const input of refused) {
      const result = await alice.run(Send, {
        input: { conversationId: roomId, body: 'look', ...input },
      });
      expect(refusal(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(await bodies(bob, roomId)).toEqual([]);
  });
});

describe('replies', () => {
  it('answer a message of the same conversation only', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const question = (await alice.ok(Send, { input: { conversationId: roomId, body: 'lunch?' } }))
      .send;
    const answer = (
      await bob.ok(Send, { input: { conversationId: roomId, body: 'yes', replyToId: question.id } })
    ).send;
    expect(answer.replyTo).toEqual({ id: question.id, body: 'lunch?' });

    const elsewhere = (await alice.ok(Send, { input: { toUserId: bob.id, body: 'psst' } })).send;
    const cross = await bob.run(Send, {
      input: { conversationId: roomId, body: 'no', replyToId: elsewhere.id },
    });
    expect(refusal(cross)).toBe('BAD_USER_INPUT');
    const unknown = await bob.run(Send, {
      input: { conversationId: roomId, body: 'no', replyToId: globalId('Message', 999_999) },
    });
    expect(refusal(unknown)).toBe('NOT_FOUND');
    const wrongType = await bob.run(Send, {
      input: { conversationId: roomId, body: 'no', replyToId: roomId },
    });
    expect(refusal(wrongType)).toBe('BAD_USER_INPUT');
    expect(await bodies(alice, roomId)).toEqual(['lunch?', 'yes']);
  });
});

describe('idempotent send (clientId)', () => {
  it('gives back the first message for the same clientId and body', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const input = { conversationId: roomId, body: 'only once', clientId: 'c-1' };
    const first = (await alice.ok(Send, { input })).send;
    const retry = (await alice.ok(Send, { input })).send;
    expect(retry).toEqual(first);
    expect(first.clientId).toBe('c-1');
    expect(await bodies(bob, roomId)).toEqual(['only once']);
  });

  it('answers CONFLICT for the same clientId with another body or another conversation', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const roomId = await room(alice, bob);
    const otherRoom = await room(alice, bob);
    await alice.ok(Send, { input: { conversationId: roomId, body: 'first', clientId: 'c-2' } });
    expect(
      refusal(
        await alice.run(Send, {
          input: { conversationId: roomId, body: 'second', clientId: 'c-2' },
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      refusal(
        await alice.run(Send, {
          input: { conversationId: otherRoom, body: 'first', clientId: 'c-2' },
        }),
      ),
    ).toBe('CONFLICT');
    expect(await bodies(bob, roomId)).toEqual(['first']);
    expect(await bodies(bob, otherRoom)).toEqual([]);
  });

  it('keeps clientIds per sender, and treats toUserId and the DIRECT conversation id as one target', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    const byAlice = (
      await alice.ok(Send, { input: { toUserId: bob.id, body: 'same words', clientId: 'shared' } })
    ).send;
    const byBob = (
      await bob.ok(Send, { input: { toUserId: alice.id, body: 'same words', clientId: 'shared' } })
    ).send;
    expect(byBob.id).not.toBe(byAlice.id);
    const viaConversation = (
      await alice.ok(Send, {
        input: { conversationId: byAlice.conversation.id, body: 'same words', clientId: 'shared' },
      })
    ).send;
    expect(viaConversation.id).toBe(byAlice.id);
    expect(await bodies(alice, byAlice.conversation.id)).toEqual(['same words', 'same words']);
  });

  it('stores one message when duplicates race, also on a first direct message', async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(server, 'alice'),
      signUp(server, 'bob'),
      signUp(server, 'carol'),
    ]);
    const roomId = await room(alice, bob);
    for (let round = 0; round < 3; round++) {
      const input = {
        conversationId: roomId,
        body: `retry storm ${round}`,
        clientId: `storm-${round}`,
      };
      const sent = await Promise.all(Array.from({ length: 6 }, () => alice.ok(Send, { input })));
      expect(new Set(sent.map((s) => s.send.id)).size).toBe(1);
    }
    expect(await bodies(bob, roomId)).toEqual(['retry storm 0', 'retry storm 1', 'retry storm 2']);

    const input = { toUserId: carol.id, body: 'first contact', clientId: 'hello-carol' };
    const sent = await Promise.all(Array.from({ length: 6 }, () => alice.ok(Send, { input })));
    expect(new Set(sent.map((s) => s.send.id)).size).toBe(1);
    const [dm] = await directs(carol);
    expect(await directs(carol)).toHaveLength(1);
    expect(await bodies(carol, dm?.id ?? '')).toEqual(['first contact']);
  });

  it('refuses an empty or over-long clientId', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')]);
    for (const clientId of ['', 'k'.repeat(129)]) {
      expect(
        refusal(await alice.run(Send, { input: { toUserId: bob.id, body: 'x', clientId } })),
      ).toBe('BAD_USER_INPUT');
    }
    expect(
      dataOf(
        await alice.run(Send, {
          input: { toUserId: bob.id, body: 'x', clientId: 'k'.repeat(128) },
        }),
      ).send.clientId,
    ).toHaveLength(128);
  });
});
