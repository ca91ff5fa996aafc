import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, connect, dataOf, request } from './support/client.js';
import { LogIn, Me, SignUp, UserById, Users } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ADMIN_USERNAMES: 'Root' });
});
afterAll(() => server.stop());

describe('sign up and log in', () => {
  it('signs up, logs in with any case of the name, and knows who I am', async () => {
    const signed = dataOf(
      await request(server.httpUrl, SignUp, { username: 'Émile_1', password: 'correct horse' }),
    );
    expect(signed.signUp.user).toMatchObject({
      username: 'Émile_1',
      displayName: 'Émile_1',
      role: 'USER',
    });
    const logged = dataOf(
      await request(server.httpUrl, LogIn, { username: 'émile_1', password: 'correct horse' }),
    );
    expect(logged.logIn.user.id).toBe(signed.signUp.user.id);
    const me = dataOf(await request(server.httpUrl, Me, undefined, logged.logIn.token));
    expect(me.me).toMatchObject({ username: 'Émile_1', online: false, lastSeenAt: null });
  });

  it('accepts letters of any script and a display name', async () => {
    const r = dataOf(
      await request(server.httpUrl, SignUp, {
        username: '李小龙',
        password: 'password123',
        displayName: '  Bruce  ',
      }),
    );
    expect(r.signUp.user).toMatchObject({ username: '李小龙', displayName: 'Bruce' });
  });

  it('makes ADMIN_USERNAMES admins, ignoring case', async () => {
    const r = dataOf(
      await request(server.httpUrl, SignUp, { username: 'root', password: 'password123' }),
    );
    expect(r.signUp.user.role).toBe('ADMIN');
  });

  it('refuses a taken username whatever its case: CONFLICT', async () => {
    await request(server.httpUrl, SignUp, { username: 'Taken', password: 'password123' });
    expect(
      codeOf(await request(server.httpUrl, SignUp, { username: 'tAKEN', password: 'password123' })),
    ).toBe('CONFLICT');
  });

  it.each([
    ['ab', 'password123'],
    ['a'.repeat(33), 'password123'],
    ['has space', 'password123'],
    ['semi;colon', 'password123'],
    ['validname', 'short'],
    ['validname2', 'x'.repeat(129)],
  ])(
    'refuses username %j / password of %j characters: BAD_USER_INPUT',
    async (username, password) => {
      expect(codeOf(await request(server.httpUrl, SignUp, { username, password }))).toBe(
        'BAD_USER_INPUT',
      );
    },
  );

  it('gives the same UNAUTHENTICATED error for an unknown user and a wrong password', async () => {
    await request(server.httpUrl, SignUp, { username: 'known', password: 'password123' });
    const unknown = await request(server.httpUrl, LogIn, {
      username: 'nobody-here',
      password: 'password123',
    });
    const wrong = await request(server.httpUrl, LogIn, {
      username: 'known',
      password: 'password124',
    });
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });
});

describe('every other operation requires a user', () => {
  it('refuses no token, a forged token and a token signed with another secret', async () => {
    const alice = await signUp(server, 'alice');
    const [header, payload] = alice.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const token of [undefined, 'garbage', forged]) {
      expect(codeOf(await request(server.httpUrl, Me, undefined, token))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an expired token over HTTP', async () => {
    const shortLived = await startServer({ JWT_TTL_SECONDS: '1' });
    try {
      const u = await signUp(shortLived, 'brief');
      await new Promise((r) => setTimeout(r, 2100));
      expect(codeOf(await u.run(Me))).toBe('UNAUTHENTICATED');
    } finally {
      await shortLived.stop();
    }
  });

  it('closes a WebSocket with 4403 for a missing or bad token', async () => {
    for (const params of [undefined, { authorization: 'Bearer nope' }, { token: '' }]) {
      const socket = connect(server.wsUrl, params);
      expect((await socket.closed).code).toBe(4403);
    }
  });

  it('accepts the raw token in connectionParams.token', async () => {
    const bob = await signUp(server, 'bob');
    const socket = connect(server.wsUrl, { token: bob.token });
    const sub = socket.subscribe(Users, {});
    // `users` is a query: graphql-ws answers it once over the socket, then completes.
    await sub.completed;
    expect(sub.errors).toEqual([]);
    expect(sub.received).toHaveLength(1);
    await socket.close();
  });
});

describe('users', () => {
  it('lists users by username, case-insensitively, in pages both ways', async () => {
    const own = await startServer();
    try {
      const names = ['delta', 'Alpha', 'charlie', 'bravo', 'Echo'];
      const tokens: string[] = [];
      for (const username of names) {
        tokens.push(
          dataOf(await request(own.httpUrl, SignUp, { username, password: 'password123' })).signUp
            .token,
        );
      }
      const token = tokens[0];
      const page1 = dataOf(await request(own.httpUrl, Users, { first: 2 }, token)).users;
      expect(page1.edges.map((e) => e.node.username)).toEqual(['Alpha', 'bravo']);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = dataOf(
        await request(own.httpUrl, Users, { first: 10, after: page1.pageInfo.endCursor }, token),
      ).users;
      expect(page2.edges.map((e) => e.node.username)).toEqual(['charlie', 'delta', 'Echo']);
      expect(page2.pageInfo.hasNextPage).toBe(false);
      const back = dataOf(
        await request(own.httpUrl, Users, { last: 2, before: page2.pageInfo.endCursor }, token),
      ).users;
      expect(back.edges.map((e) => e.node.username)).toEqual(['charlie', 'delta']);
      expect(back.pageInfo.hasPreviousPage).toBe(true);
    } finally {
      await own.stop();
    }
  });

  it('finds a user by id, null for an unknown one, BAD_USER_INPUT for a wrong id type', async () => {
    const carol = await signUp(server, 'carol');
    expect(dataOf(await carol.run(UserById, { id: carol.id })).user?.username).toBe(carol.username);
    const unknownId = Buffer.from('User:999999').toString('base64url');
    expect(dataOf(await carol.run(UserById, { id: unknownId })).user).toBeNull();
    const wrongType = Buffer.from('Message:1').toString('base64url');
    expect(codeOf(await carol.run(UserById, { id: wrongType }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await carol.run(UserById, { id: 'not-an-id' }))).toBe('BAD_USER_INPUT');
  });

  it('rejects page sizes over 100 and first with last', async () => {
    const dave = await signUp(server, 'dave');
    expect(codeOf(await dave.run(Users, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await dave.run(Users, { first: -1 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await dave.run(Users, { first: 1, last: 1 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await dave.run(Users, { after: 'bogus' }))).toBe('BAD_USER_INPUT');
  });
});
