import { z } from 'zod';
import { badInput } from './errors.js';

/** Letters of any script (with their combining marks), digits, `_.-`; 3–32 characters. */
export const USERNAME = /^[\p{L}\p{M}\p{Nd}_.-]{3,32}$/u;
export const BODY_MAX = 4000;

export function parseUsername(raw: string): string {
  const username = raw.normalize('NFC');
  if (!USERNAME.test(username)) {
    throw badInput('Username must be 3–32 letters, digits, "_", "." or "-"');
  }
  return username;
}

export function parsePassword(password: string): string {
  const length = [...password].length;
  if (length < 8 || length > 128) throw badInput('Password must be 8–128 characters');
  return password;
}

export function parseDisplayName(raw: string | null | undefined, fallback: string): string {
  if (raw == null) return fallback;
  const name = raw.normalize('NFC').trim();
  if (name.length === 0 || [...name].length > 64) {
    throw badInput('Display name must be 1–64 characters and not only white space');
  }
  return name;
}

export function parseBody(body: string): string {
  if (body.trim().length === 0) throw badInput('Message body must not be empty');
  // Counted in code points; a string of at most BODY_MAX UTF-16 units has no more than that.
  if (body.length > BODY_MAX && [...body].length > BODY_MAX) {
    throw badInput(`Message body must be at most ${BODY_MAX} characters`);
  }
  return body;
}

export function parseTitle(raw: string): string {
  const title = raw.normalize('NFC').trim();
  if (title.length === 0 || [...title].length > 100) {
    throw badInput('Room title must be 1–100 characters and not only white space');
  }
  return title;
}

const attachmentSchema = z.object({
  url: z
    .string()
    .max(2048)
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL'),
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
