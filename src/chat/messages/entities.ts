import { LinkifyIt } from 'linkify-it';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import type { TextEntityData } from '../../db/tables.js';

export type TextFormat = 'PLAIN' | 'MARKDOWN';

/** An entity as the body shows it; a mention still names a username, not yet a member. */
export interface FoundEntity extends Omit<TextEntityData, 'userId'> {
  /** MENTION: the names it may stand for, longest first (lower case). */
  usernames?: string[];
}

const MARKUP: Partial<Record<Nodes['type'], TextEntityData['kind']>> = {
  strong: 'BOLD',
  emphasis: 'ITALIC',
  delete: 'STRIKE',
  inlineCode: 'CODE',
  code: 'PRE',
};

const linkify = new LinkifyIt();

function isWebUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:';
}

/** A character a username may hold (src/chat/validation.ts USERNAME). */
const USERNAME_CHARACTER = /[\p{L}\p{M}\p{Nd}_.-]/u;

/**
 * `@username` mentions in `body` between `from` and `to`: an `@` not glued to a name before
 * it (an e-mail address is no mention), then the name's characters. A name may end a sentence
 * (`@bob.`), so the name without its trailing dots is a candidate too.
 */
function findMentions(body: string, from: number, to: number): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (let at = body.indexOf('@', from); at !== -1 && at < to; at = body.indexOf('@', at + 1)) {
    if (at > 0 && USERNAME_CHARACTER.test(body[at - 1] as string)) continue;
    let end = at + 1;
    while (end < to && USERNAME_CHARACTER.test(body[end] as string)) end++;
    const name = body.slice(at + 1, end).toLowerCase();
    if (name.length === 0) continue;
    const trimmed = name.replace(/[.]+$/, '');
    const usernames = trimmed && trimmed !== name ? [name, trimmed] : [name];
    found.push({ kind: 'MENTION', offset: at, length: end - at, usernames });
  }
  return found;
}

// Only the strikethrough extension of GFM: its autolink literals more than doubled the parse
// of a long body; bare links in text are found by linkify-it, as in PLAIN.
const markdownOptions = {
  extensions: [gfmStrikethrough()],
  mdastExtensions: [gfmStrikethroughFromMarkdown()],
};

function markdownEntities(body: string): FoundEntity[] {
  const found: FoundEntity[] = [];
  const tree = fromMarkdown(body, markdownOptions);
  const visit = (node: Nodes, inLink: boolean) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) {
      const kind = MARKUP[node.type];
      if (kind) found.push({ kind, offset: start, length: end - start });
      if (node.type === 'link' && isWebUrl(node.url)) {
        found.push({ kind: 'LINK', offset: start, length: end - start, url: node.url });
      }
      // The source of the text, not its value: offsets stay those of the body.
      if (node.type === 'text') {
        found.push(
          ...(inLink ? findMentions(body, start, end) : linksAndMentions(body, start, end)),
        );
      }
    }
    const inside = inLink || node.type === 'link';
    if ('children' in node) for (const child of node.children) visit(child, inside);
  };
  visit(tree, false);
  return found;
}

/** Links (linkify-it, http and https only) and mentions in `body` between `from` and `to`. */
function linksAndMentions(body: string, from: number, to: number): FoundEntity[] {
  const found: FoundEntity[] = [];
  const text = body.slice(from, to);
  let after = from;
  for (const match of linkify.match(text) ?? []) {
    if (!isWebUrl(match.url)) continue;
    const offset = from + match.index;
    found.push(...findMentions(body, after, offset));
    found.push({ kind: 'LINK', offset, length: match.lastIndex - match.index, url: match.url });
    after = from + match.lastIndex;
  }
  found.push(...findMentions(body, after, to));
  return found;
}

/**
 * The entities of a body, offsets and lengths in UTF-16 code units: in MARKDOWN the markup
 * (micromark: CommonMark and GFM strikethrough; spans include their markers), links (http/https) and mentions;
 * in PLAIN links and mentions. Mentions are matched to members afterwards (resolveMentions).
 */
export function findEntities(body: string, format: TextFormat): FoundEntity[] {
  const found =
    format === 'MARKDOWN' ? markdownEntities(body) : linksAndMentions(body, 0, body.length);
  return found.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** The usernames mentions may stand for (lower case): look these up among the members. */
export function mentionedNames(found: readonly FoundEntity[]): string[] {
  return [...new Set(found.flatMap((entity) => entity.usernames ?? []))];
}

/** The entities to store: mentions of members get their user id, the others are dropped. */
export function withMembers(
  found: readonly FoundEntity[],
  members: ReadonlyMap<string, number>,
): TextEntityData[] {
  const entities: TextEntityData[] = [];
  for (const { usernames, ...entity } of found) {
    if (entity.kind !== 'MENTION') {
      entities.push(entity);
      continue;
    }
    const name = usernames?.find((candidate) => members.has(candidate));
    if (name === undefined) continue;
    // A shorter candidate (a trailing dot left out) shortens the mention.
    entities.push({ ...entity, length: name.length + 1, userId: members.get(name) as number });
  }
  return entities;
}
