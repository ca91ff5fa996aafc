import { z } from 'zod';
import { badInput } from './errors.js';
import { isFileUrl } from './files/urls.js';

/** Letters of any script (with their combining marks), digits, `_.-`; 3–32 characters. */
export const USERNAME = /^[\p{L}\p{M}\p{Nd}_.-]{3,32}$/u;
export const BODY_MAX = 4000;

/**
 * The longest string any input may hold, in UTF-16 units: a message body of BODY_MAX
 * characters outside the BMP is 2 × BODY_MAX units. Longer strings are refused before any
 * rule reads them (src/plugins/text-inputs.ts).
 */
export const TEXT_INPUT_MAX = 10_000;

/** A NUL (PostgreSQL text cannot hold it) or a lone surrogate (not text: no UTF-8 for it). */
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

/** Why a string from a client is refused whatever it is for, or null when it is acceptable. */
export function textProblem(text: string): string | null {
  if (text.length > TEXT_INPUT_MAX) return `is longer than ${TEXT_INPUT_MAX} characters`;
  if (UNSTORABLE.test(text)) return 'holds a NUL character or invalid Unicode (a lone surrogate)';
  return null;
}

/**
 * Whether `raw` is at most `max` code points, counted only when its length in UTF-16 units
 * does not already answer: never a copy of a long string.
 */
export function atMostCodePoints(raw: string, max: number): boolean {
  if (raw.length <= max) return true;
  if (raw.length > 2 * max) return false;
  let count = 0;
  for (const _ of raw) if (++count > max) return false;
  return true;
}

// Bounds before NFC normalization: it can lengthen a string up to three times, and a longer
// raw string cannot normalize to a valid one (NFC never shortens by more than that either).
const USERNAME_RAW_MAX = 4 * 32;

export function parseUsername(raw: string): string {
  if (raw.length > USERNAME_RAW_MAX) {
    throw badInput('Username must be 3–32 letters, digits, "_", "." or "-"');
  }
  const username = raw.normalize('NFC');
  if (!USERNAME.test(username)) {
    throw badInput('Username must be 3–32 letters, digits, "_", "." or "-"');
  }
  return username;
}

export function parsePassword(password: string): string {
  if (password.length < 8 || !atMostCodePoints(password, 128)) {
    throw badInput('Password must be 8–128 characters');
  }
  return password;
}

/**
 * Log-in names and passwords longer than any account can have: refused before they are
 * normalized or hashed (a password is hashed whether or not the user exists).
 */
export function boundLogIn(input: { username: string; password: string }): void {
  if (input.username.length > USERNAME_RAW_MAX || !atMostCodePoints(input.password, 128)) {
    throw badInput('Username or password is longer than any account has');
  }
}

export function parseDisplayName(raw: string | null | undefined, fallback: string): string {
  if (raw == null) return fallback;
  const name = atMostCodePoints(raw, 4 * 64) ? raw.normalize('NFC').trim() : '';
  if (name.length === 0 || !atMostCodePoints(name, 64)) {
    throw badInput('Display name must be 1–64 characters and not only white space');
  }
  return name;
}

export function parseBody(body: string): string {
  // Counted in code points, before the trim copies it.
  if (!atMostCodePoints(body, BODY_MAX)) {
    throw badInput(`Message body must be at most ${BODY_MAX} characters`);
  }
  if (body.trim().length === 0) throw badInput('Message body must not be empty');
  return body;
}

export function parseTitle(raw: string): string {
  const title = atMostCodePoints(raw, 4 * 100) ? raw.normalize('NFC').trim() : '';
  if (title.length === 0 || !atMostCodePoints(title, 100)) {
    throw badInput('Room title must be 1–100 characters and not only white space');
  }
  return title;
}

const attachmentSchema = z.object({
  url: z
    .string()
    .max(2048)
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL')
    // Our signed file URLs are made per viewer when read: send the file's attachmentId.
    .refine((s) => !isFileUrl(s), 'must not be a file URL of this server: send its attachmentId'),
  name: z.string().min(1).max(255).nullish(),
  mimeType: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must look like type/subtype')
    .nullish(),
  size: z.number().int().min(0).nullish(),
});

export type Attachment = z.infer<typeof attachmentSchema>;

export function parseAttachment(input: unknown): Attachment {
  const parsed = attachmentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(
      `Attachment ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim(),
    );
  }
  return parsed.data;
}

export const MAX_CLIENT_ID = 128;

export function parseClientId(clientId: string | null | undefined): string | null {
  if (clientId == null) return null;
  if (clientId.length === 0 || clientId.length > MAX_CLIENT_ID) {
    throw badInput(`clientId must be 1–${MAX_CLIENT_ID} characters`);
  }
  return clientId;
}
