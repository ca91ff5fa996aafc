import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** The whole body (the parser stops at Content-Length), or null if the client went away first. */
export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = (body: Buffer | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      resolve(body);
    };
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    const onGone = () => done(null);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('close', onGone);
  });
}

/**
 * The request again, with the body already read: what yoga needs to answer a request the fast
 * path looked at and left (a request's stream can be read only once). @whatwg-node/server
 * takes any readable with a method, url, headers and socket as a Node request; yoga's context
 * reads the client's address from the socket.
 */
export function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = Readable.from(body.length > 0 ? [body] : []);
  return Object.assign(stream, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    httpVersion: req.httpVersion,
    socket: req.socket,
  }) as unknown as IncomingMessage;
}
