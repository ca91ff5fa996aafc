import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/chat/rate-limits.js';
import { codeOf, request } from './support/client.js';
import { LogIn, Send } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp } from './support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RATE_LIMITS: 'on' });
});
afterAll(() => server.stop());

describe('rate limits (defaults)', () => {
  it('never get in the way of one person chatting fast, and stop a flood with RATE_LIMITED', async () => {
    const [fast, friend] = [await signUp(server, 'fast'), await signUp(server, 'friend')];
    const send = (body: string) => fast.run(Send, { input: { toUserId: friend.id, body } });
    // A burst far beyond human typing speed still goes through...
    for (let i = 0; i < 60; i++) expect((await send(`quick ${i}`)).errors).toBeUndefined();
    // ...but a script that keeps hammering is told to slow down (bad requests count too,
    // which keeps this test fast: they are answered without touching the database).
    const codes: (string | undefined)[] = [];
    for (let i = 60; i < LIMITS.send.max + 5; i++) {
      codes.push(codeOf(await fast.run(Send, { input: { toUserId: friend.id, body: ' ' } })));
    }
    expect(codes.filter((c) => c === 'BAD_USER_INPUT')).toHaveLength(LIMITS.send.max - 60);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5);
    expect(codeOf(await send('one more'))).toBe('RATE_LIMITED');
    // Other people are not affected.
    expect(
      (await friend.run(Send, { input: { toUserId: fast.id, body: 'hi' } })).errors,
    ).toBeUndefined();
  });

  it('slows down password guessing on one account only', async () => {
    const victim = await signUp(server, 'victim');
    const bystander = await signUp(server, 'bystander');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i <= LIMITS.logIn.max; i++) {
      codes.push(
        codeOf(
          await request(server.httpUrl, LogIn, {
            username: victim.username,
            password: `guess${i}xx`,
          }),
        ),
      );
    }
    expect(codes.slice(0, LIMITS.logIn.max).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
    const ok = await request(server.httpUrl, LogIn, {
      username: bystander.username,
      password: 'password123',
    });
    expect(ok.errors).toBeUndefined();
  });
});
