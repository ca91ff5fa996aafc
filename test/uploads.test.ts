import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { DeleteMessage } from './support/changes.js';
import type { Result } from './support/client.js';
import { ManualClock } from './support/clock.js';
import { RemoveFromRoom, Send } from './support/documents.js';
import { refusal, room } from './support/helpers.js';
import { gradientPng } from './support/png.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

const MAX_UPLOAD_BYTES = 100_000;
const TTL_SECONDS = 3600;

const Upload = graphql(`
  mutation Upload($file: File!) {
    uploadAttachment(file: $file) { id url name mimeType size width height }
  }
`);

const SendFile = graphql(`
  mutation SendFile($input: SendInput!) {
    send(input: $input) {
      id kind conversation { id }
      attachment { id url name mimeType size width height }
    }
  }
`);

const MessageFile = graphql(`
  query MessageFile($id: ID!) { message(id: $id) { id attachment { url mimeType } } }
`);

const FileEvents = graphql(`
  subscription FileEvents {
    inbox {
      cursor
      __typename
      ... on MessageEvent {
        message { id attachment { __typename id url name mimeType width height } }
      }
    }
  }
`);

const clock = new ManualClock();
const dataDir = mkdtempSync(join(tmpdir(), 'chat-uploads-'));
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  server = await startServer(
    {
      DATA_DIR: dataDir,
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      FILE_URL_TTL_SECONDS: String(TTL_SECONDS),
    },
    undefined,
    { clock },
  );
  [alice, bob, carol] = await Promise.all([
    signUp(server, 'alice'),
    signUp(server, 'bob'),
    signUp(server, 'carol'),
  ]);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A WAV file of `bytes` bytes of silence after its header. */
function wav(bytes: number): Buffer {
  const out = Buffer.alloc(44 + bytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + bytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(8000, 24);
  out.writeUInt32LE(8000, 28);
  out.writeUInt16LE(1, 32);
  out.writeUInt16LE(8, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(bytes, 40);
  for (let i = 44; i < out.length; i++) out[i] = i % 251;
  return out;
}

type Uploaded = { uploadAttachment: { id: string | null; url: string; [k: string]: unknown } };

/** uploadAttachment as apollo-upload-client sends it: the GraphQL multipart request spec. */
async function upload(
  user: TestUser,
  bytes: Buffer,
  name: string,
  claimedType = 'application/octet-stream',
): Promise<Result<Uploaded> & { status: number }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(Upload), variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(bytes)], { type: claimedType }), name);
  const response = await fetch(server.httpUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}` },
    body: form,
  });
  return { status: response.status, ...((await response.json()) as Result<Uploaded>) };
}

async function uploaded(user: TestUser, bytes: Buffer, name: string) {
  const result = await upload(user, bytes, name);
  if (!result.data) throw new Error(`upload failed: ${JSON.stringify(result.errors)}`);
  return result.data.uploadAttachment as {
    id: string;
    url: string;
    name: string;
    mimeType: string;
    size: number;
    width: number | null;
    height: number | null;
  };
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

const storedFiles = () =>
  readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  ).length;

describe('uploadAttachment', () => {
  it('stores an image with its type from its content and its dimensions, and serves it inline', async () => {
    const bytes = gradientPng(3, 2);
    const file = await uploaded(alice, bytes, 'photo.bin');
    expect(file).toMatchObject({
      name: 'photo.bin',
      mimeType: 'image/png',
      size: bytes.length,
      width: 3,
      height: 2,
    });
    expect(file.id).toBeTruthy();
    const response = await get(file.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('takes exactly MAX_UPLOAD_BYTES and refuses one byte more, keeping nothing of it', async () => {
    const before = storedFiles();
    const fits = await upload(alice, Buffer.alloc(MAX_UPLOAD_BYTES, 7), 'full.bin');
    expect(fits.data?.uploadAttachment.size).toBe(MAX_UPLOAD_BYTES);
    const over = await upload(alice, Buffer.alloc(MAX_UPLOAD_BYTES + 1, 7), 'over.bin');
    expect(refusal(over)).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0]?.message).toMatch(/larger than 100000 bytes/);
    expect(storedFiles()).toBe(before + 1);
  });

  it('cuts a chunked upload that never says its length once it passes the limit', async () => {
    const boundary = 'xxBOUNDARYxx';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n` +
      `${JSON.stringify({ query: print(Upload), variables: { file: null } })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n` +
      `${JSON.stringify({ 0: ['variables.file'] })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="endless.bin"\r\n` +
      'Content-Type: image/png\r\n\r\n';
    const target = new URL(server.httpUrl);
    const outcome = await new Promise<{ status: number; body: string; sent: number }>(
      (resolve, reject) => {
        let sent = 0;
        const req = httpRequest({
          host: target.hostname,
          port: target.port,
          path: '/graphql',
          method: 'POST',
          headers: {
            authorization: `Bearer ${alice.token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
        });
        // The server closed the connection while this side was still sending (it may then
        // lose the answer): a cut all the same.
        req.on('error', (error) =>
          sent > MAX_UPLOAD_BYTES ? resolve({ status: 0, body: '', sent }) : reject(error),
        );
        req.write(head);
        const chunk = Buffer.alloc(16 * 1024, 1);
        // Writes on (never ending the body) until the server answers or closes; at most 100×.
        const pump = () => {
          while (sent < 100 * MAX_UPLOAD_BYTES && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
        };
        pump();
      },
    );
    if (outcome.status !== 0) {
      expect(refusal(JSON.parse(outcome.body) as Result<unknown>)).toBe('BAD_USER_INPUT');
    }
    // The server stopped reading: the client was cut off long before it wrote everything.
    expect(outcome.sent).toBeLessThan(100 * MAX_UPLOAD_BYTES);
  });

  it('detects an HTML file named .png as not an image: a download, never rendered', async () => {
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const file = await uploaded(alice, html, 'cat.png');
    expect(file).toMatchObject({ mimeType: 'application/octet-stream', width: null, height: null });
    const response = await get(file.url);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="cat.png"/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const asImage = await alice.run(SendFile, {
      input: { toUserId: bob.id, body: 'look', kind: 'IMAGE', attachmentId: file.id },
    });
    expect(refusal(asImage)).toBe('BAD_USER_INPUT');
  });

  it('answers a request whose file is missing with BAD_USER_INPUT', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: print(Upload), variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    const response = await fetch(server.httpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
      body: form,
    });
    expect(refusal((await response.json()) as Result<unknown>)).toBe('BAD_USER_INPUT');
  });

  it('needs a user', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: print(Upload), variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([new Uint8Array(gradientPng(1, 1))]), 'a.png');
    const response = await fetch(server.httpUrl, { method: 'POST', body: form });
    expect(refusal((await response.json()) as Result<unknown>)).toBe('UNAUTHENTICATED');
  });
});

describe('sending a file', () => {
  it('only its uploader may attach it; IMAGE, FILE and AUDIO need one', async () => {
    const file = await uploaded(alice, gradientPng(4, 4), 'mine.png');
    const stolen = await bob.run(SendFile, {
      input: { toUserId: carol.id, body: 'mine now', kind: 'IMAGE', attachmentId: file.id },
    });
    expect(refusal(stolen)).toBe('NOT_FOUND');
    const bare = await alice.run(SendFile, {
      input: { toUserId: bob.id, body: 'no file', kind: 'FILE' },
    });
    expect(refusal(bare)).toBe('BAD_USER_INPUT');
    const sent = (
      await alice.ok(SendFile, {
        input: { toUserId: bob.id, body: 'a pic', kind: 'IMAGE', attachmentId: file.id },
      })
    ).send;
    expect(sent.attachment).toMatchObject({ id: file.id, mimeType: 'image/png', width: 4 });
  });

  it('gives each recipient of a live event a URL of their own, which works for them', async () => {
    const roomId = await room(alice, bob, carol);
    const [bobDevice, carolDevice] = [bob.device(), carol.device()];
    const bobInbox = bobDevice.subscribe(FileEvents);
    const carolInbox = carolDevice.subscribe(FileEvents);
    try {
      await Promise.all([bobDevice.ready, carolDevice.ready]);
      type Inbox = typeof bobInbox;
      const urlOf = async (inbox: Inbox, messageId: string) => {
        for (let n = 1; ; n++) {
          const event = (await inbox.waitFor(n))[n - 1]?.inbox;
          if (event && 'message' in event && event.message.id === messageId)
            return event.message.attachment?.url;
        }
      };
      // Both inboxes are live once each got a first message; the file's event then reaches
      // both live, from one execution on this instance.
      const hello = (await alice.ok(Send, { input: { conversationId: roomId, body: 'hello' } }))
        .send;
      await Promise.all([urlOf(bobInbox, hello.id), urlOf(carolInbox, hello.id)]);
      const file = await uploaded(alice, gradientPng(2, 2), 'room.png');
      // URLs made from scratch (a resolver run) versus re-signed from a shared result.
      const urls = server.app.deps.fileUrls;
      const made = { url: 0, forViewer: 0 };
      const { url, forViewer } = urls;
      urls.url = (...args) => {
        made.url += 1;
        return url(...args);
      };
      urls.forViewer = (...args) => {
        made.forViewer += 1;
        return forViewer(...args);
      };
      const sent = (
        await alice.ok(SendFile, {
          input: { conversationId: roomId, body: 'hi', kind: 'IMAGE', attachmentId: file.id },
        })
      ).send;
      const [bobUrl, carolUrl] = await Promise.all([
        urlOf(bobInbox, sent.id),
        urlOf(carolInbox, sent.id),
      ]);
      urls.url = url;
      urls.forViewer = forViewer;
      // One for the sender's answer, one for the event: it ran once for both recipients,
      // each getting the shared result re-signed for them.
      expect(made).toEqual({ url: 2, forViewer: 2 });
      expect(bobUrl).toBeDefined();
      expect(carolUrl).toBeDefined();
      expect(bobUrl).not.toBe(carolUrl);
      expect(new URL(bobUrl as string).searchParams.get('u')).toBe(
        String(Buffer.from(bob.id, 'base64url').toString().split(':')[1]),
      );
      expect((await get(bobUrl as string)).status).toBe(200);
      expect((await get(carolUrl as string)).status).toBe(200);
    } finally {
      bobInbox.dispose();
      carolInbox.dispose();
      await Promise.all([bobDevice.close(), carolDevice.close()]);
    }
  });
});

describe('signed URLs', () => {
  it('expire after FILE_URL_TTL_SECONDS (a minute more at most)', async () => {
    const file = await uploaded(alice, gradientPng(1, 1), 'soon.png');
    clock.advance((TTL_SECONDS - 1) * 1000);
    expect((await get(file.url)).status).toBe(200);
    clock.advance(61_000);
    expect((await get(file.url)).status).toBe(403);
  });

  it('refuse any change to the viewer, the expiry or the signature', async () => {
    const file = await uploaded(alice, gradientPng(1, 1), 'sealed.png');
    const url = new URL(file.url);
    const altered = (key: string, value: string) => {
      const copy = new URL(url);
      copy.searchParams.set(key, value);
      return copy.toString();
    };
    const bobNumber = Buffer.from(bob.id, 'base64url').toString().split(':')[1] as string;
    const expires = Number(url.searchParams.get('e'));
    const signature = url.searchParams.get('s') as string;
    for (const forged of [
      altered('u', bobNumber),
      altered('e', String(expires + 86_400)),
      altered('s', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)),
      altered('s', ''),
    ]) {
      expect((await get(forged)).status).toBe(403);
    }
    expect((await get(url.toString())).status).toBe(200);
  });
});

describe('who may fetch a file', () => {
  it('refuses an outsider, even with a URL validly signed for them', async () => {
    const file = await uploaded(alice, gradientPng(1, 1), 'private.png');
    const sent = (
      await alice.ok(SendFile, {
        input: { toUserId: bob.id, body: 'for bob', kind: 'IMAGE', attachmentId: file.id },
      })
    ).send;
    const bobsUrl = (await bob.ok(MessageFile, { id: sent.id })).message?.attachment?.url;
    expect((await get(bobsUrl as string)).status).toBe(200);
    expect((await carol.ok(MessageFile, { id: sent.id })).message).toBeNull();
    const attachmentId = Number(Buffer.from(file.id, 'base64url').toString().split(':')[1]);
    const carolNumber = Number(Buffer.from(carol.id, 'base64url').toString().split(':')[1]);
    const carols = server.app.deps.fileUrls.url(attachmentId, carolNumber);
    expect((await get(carols)).status).toBe(404);
  });

  it('refuses a member once removed from the room, with the URL they had', async () => {
    const roomId = await room(alice, bob);
    const file = await uploaded(alice, gradientPng(1, 1), 'members.png');
    const sent = (
      await alice.ok(SendFile, {
        input: { conversationId: roomId, body: 'room pic', kind: 'IMAGE', attachmentId: file.id },
      })
    ).send;
    const bobsUrl = (await bob.ok(MessageFile, { id: sent.id })).message?.attachment?.url as string;
    expect((await get(bobsUrl)).status).toBe(200);
    await alice.ok(RemoveFromRoom, { roomId, userId: bob.id });
    expect((await get(bobsUrl)).status).toBe(404);
  });

  it('answers byte ranges (audio players seek with them)', async () => {
    const bytes = wav(5000);
    const file = await uploaded(alice, bytes, 'voice.wav');
    expect(file.mimeType).toBe('audio/wav');
    const whole = await get(file.url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment/);
    const part = await get(file.url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const tail = await get(file.url, { range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(-10));
    const beyond = await get(file.url, { range: `bytes=${bytes.length + 10}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('recall removes the file: its URL stops working and its bytes are gone', async () => {
    // A room's owner may recall at any time (the clock was moved past the recall window).
    const roomId = await room(alice, bob);
    const file = await uploaded(alice, gradientPng(1, 1), 'oops.png');
    const sent = (
      await alice.ok(SendFile, {
        input: { conversationId: roomId, body: 'oops', kind: 'IMAGE', attachmentId: file.id },
      })
    ).send;
    const bobsUrl = (await bob.ok(MessageFile, { id: sent.id })).message?.attachment?.url as string;
    const before = storedFiles();
    expect((await get(bobsUrl)).status).toBe(200);
    const recalled = (await alice.ok(DeleteMessage, { id: sent.id })).deleteMessage;
    expect(recalled.attachment).toBeNull();
    expect((await get(bobsUrl)).status).toBe(404);
    expect((await get(file.url)).status).toBe(404);
    expect(storedFiles()).toBe(before - 1);
  });
});

it('sends the Send document unchanged (external URL attachments still work)', async () => {
  const sent = (
    await alice.ok(Send, {
      input: {
        toUserId: bob.id,
        body: 'link',
        kind: 'FILE',
        attachment: { url: 'https://example.com/a.pdf', name: 'a.pdf' },
      },
    })
  ).send;
  expect(sent.attachment?.url).toBe('https://example.com/a.pdf');
  // A signed URL of ours is no external attachment: it is made per viewer from attachmentId.
  const file = await uploaded(alice, gradientPng(1, 1), 'mine.png');
  const passedOff = await alice.run(Send, {
    input: { toUserId: bob.id, body: 'x', kind: 'IMAGE', attachment: { url: file.url } },
  });
  expect(refusal(passedOff)).toBe('BAD_USER_INPUT');
});
