// Size limits of what arrives on the wire: HTTP bodies (MAX_REQUEST_BYTES) and WebSocket
// messages (MAX_WS_MESSAGE_BYTES). Small limits here, so the specs send little.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Inbox, Send } from './support/documents.js';
import { room, until } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const LIMIT = 4096;

let server: TestServer;
let ann: TestUser;
let ben: TestUser;
beforeAll(async () => {
  server = await startServer({
    MAX_REQUEST_BYTES: String(LIMIT),
    MAX_WS_MESSAGE_BYTES: String(LIMIT),
  });
  [ann, ben] = await Promise.all([signUp(server, 'ann'), signUp(server, 'ben')]);
});
afterAll(() => server.stop());

/** A send whose JSON body is `bytes` long (padded in the message body). */
function sendBody(roomId: string, bytes: number): string {
  const shape = (body: string) =>
    JSON.stringify({
      query: 'mutation($input: SendInput!) { send(input: $input) { body } }',
      variables: { input: { conversationId: roomId, body } },
    });
  return shape('x'.repeat(bytes - shape('').length));
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(server.httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${ann.token}`,
      ...headers,
    },
    body,
    duplex: 'half',
  } as RequestInit);

describe('HTTP request bodies', () => {
  it('answers a body of exactly MAX_REQUEST_BYTES, and refuses one byte more with 413', async () => {
    const roomId = await room(ann);
    const fits = await post(sendBody(roomId, LIMIT));
    expect(fits.status).toBe(200);
    const tooLarge = await post(sendBody(roomId, LIMIT + 1));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({
      errors: [{ message: 'Request body too large' }],
    });
  });

  it('refuses a chunked body (no Content-Length) once it grows past the limit', async () => {
    const roomId = await room(ann);
    const bytes = new TextEncoder().encode(sendBody(roomId, LIMIT * 4));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1024)
          controller.enqueue(bytes.slice(at, at + 1024));
        controller.close();
      },
    });
    const response = await post(chunked);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      errors: [{ message: 'Request body too large' }],
    });
  });
});

describe('WebSocket messages', () => {
  it('closes only the socket that sent an oversized message (1009); others keep receiving', async () => {
    const roomId = await room(ann, ben);
    const control = ben.device();
    await control.ready;
    const inbox = control.subscribe(Inbox);

    const raw = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { token: ann.token } }));
    await new Promise((resolve) => raw.once('message', resolve));
    raw.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: '{ me { id } }', variables: { pad: 'x'.repeat(LIMIT) } },
      }),
    );
    expect(await closed).toBe(1009);

    await ann.ok(Send, { input: { conversationId: roomId, body: 'still here' } });
    const events = await until(inbox, (e) => e.__typename === 'MessageEvent');
    expect(events.at(-1)).toMatchObject({ message: { body: 'still here' } });
    await expect.poll(() => server.app.webSocketCount()).toBe(1);
    await control.close();
  });
});
