import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, suspendUser, updateProfile } from '../src/chat/accounts.js';
import { history } from '../src/chat/messages/history.js';
import { setStatus } from '../src/chat/people/status.js';
import { listUsers, loadUsers, logIn, signUp as signUpAccount } from '../src/chat/users.js';
import { users } from '../src/db/tables.js';
import { idOf } from '../src/schema/global-id.js';
import { Send } from './support/documents.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

// Every path that hands a user to the rest of the server (loaders, lists, history pages,
// account answers) leaves the password hash behind: what a resolver never gets, no bug in
// one can show, log or put in an error.
let server: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startServer();
  alice = await signUp(server, 'hash');
  bob = await signUp(server, 'hash');
});
afterAll(async () => {
  await server.stop();
});

/** The user rows in `value`, each checked for the hash: the key, and the stored value. */
async function expectNoHash(value: unknown) {
  const { deps } = server.app;
  const stored = await deps.database.db.select({ hash: users.passwordHash }).from(users);
  const text = JSON.stringify(value);
  expect(text).not.toContain('passwordHash');
  for (const { hash } of stored) expect(text).not.toContain(hash);
}

describe('the password hash', () => {
  it('is in no user the server reads for the API', async () => {
    const { deps } = server.app;
    const aliceId = idOf(alice.id, 'User');
    const bobId = idOf(bob.id, 'User');
    const sent = await alice.ok(Send, { input: { toUserId: bob.id, body: 'hi' } });
    const conversationId = idOf(sent.send.conversation.id, 'Conversation');

    const loaded = await loadUsers(deps, [aliceId, bobId]);
    expect(loaded.map((u) => u?.username)).toEqual([alice.username, bob.username]);
    await expectNoHash(loaded);

    const listed = await listUsers(deps, { first: 50 }, { conversationId });
    expect(listed.edges).toHaveLength(2);
    await expectNoHash(listed);

    const page = await history(deps, bobId, conversationId, { last: 10 });
    expect(page.senders.map((u) => u.username)).toEqual([alice.username]);
    await expectNoHash(page);
  });

  it('is in no answer of the account operations', async () => {
    const { deps } = server.app;
    const address = '203.0.113.7';
    const made = await signUpAccount(
      deps,
      { username: `hash_new_${process.pid % 1000}`, password: 'password123' },
      address,
    );
    await expectNoHash(made);
    const userId = made.user.id;
    const loggedIn = await logIn(
      deps,
      { username: made.user.username, password: 'password123' },
      address,
    );
    expect(loggedIn.user.id).toBe(userId);
    await expectNoHash(loggedIn);
    await expectNoHash(await setStatus(deps, userId, 'BUSY', 'in a meeting'));
    await expectNoHash(await updateProfile(deps, userId, 'Hash Tester'));
    const changed = await changePassword(deps, userId, {
      current: 'password123',
      new: 'password456',
    });
    expect(changed.user.id).toBe(userId);
    await expectNoHash(changed);
    const [admin] = await deps.database.db
      .update(users)
      .set({ role: 'ADMIN' })
      .where(eq(users.id, idOf(alice.id, 'User')))
      .returning({ id: users.id });
    await expectNoHash(await suspendUser(deps, admin?.id as number, userId, null));
  });
});
