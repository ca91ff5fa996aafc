import type { ComponentChildren } from 'preact';
import type { Message } from './chat';

type Entity = Message['entities'][number];

/**
 * The inside of an entity without its markers (`**`, `` ` ``, a fence, `[..](..)`): the server
 * gives offsets with the markup included, and the client shows it styled instead.
 */
function inner(body: string, e: Entity): [number, number] {
  const start = e.offset;
  const end = e.offset + e.length;
  const text = body.slice(start, end);
  switch (e.kind) {
    case 'BOLD':
      return [start + 2, end - 2];
    case 'ITALIC':
      return [start + 1, end - 1];
    case 'STRIKE': {
      const n = text.startsWith('~~') ? 2 : 1;
      return [start + n, end - n];
    }
    case 'CODE': {
      const n = /^`+/.exec(text)?.[0].length ?? 0;
      const padded =
        text.length > 2 * n + 1 && text[n] === ' ' && text[text.length - n - 1] === ' ';
      return padded ? [start + n + 1, end - n - 1] : [start + n, end - n];
    }
    case 'PRE': {
      const firstLine = text.indexOf('\n');
      const lastLine = text.lastIndexOf('\n');
      if (firstLine < 0) return [start, end];
      const closes = /^\s*(`{3,}|~{3,})\s*$/.test(text.slice(lastLine + 1)) && lastLine > firstLine;
      return [start + firstLine + 1, closes ? start + lastLine : end];
    }
    case 'LINK': {
      if (text.startsWith('[')) {
        const close = text.lastIndexOf('](');
        if (close > 0) return [start + 1, start + close];
      }
      if (text.startsWith('<') && text.endsWith('>')) return [start + 1, end - 1];
      return [start, end];
    }
    default:
      return [start, end];
  }
}

function wrap(e: Entity, children: ComponentChildren, key: number) {
  switch (e.kind) {
    case 'BOLD':
      return <strong key={key}>{children}</strong>;
    case 'ITALIC':
      return <em key={key}>{children}</em>;
    case 'STRIKE':
      return <s key={key}>{children}</s>;
    case 'CODE':
      return <code key={key}>{children}</code>;
    case 'PRE':
      return (
        <pre key={key}>
          <code>{children}</code>
        </pre>
      );
    case 'LINK':
      return (
        <a key={key} href={e.url ?? '#'} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    case 'MENTION':
      return (
        <span key={key} class="mention">
          {children}
        </span>
      );
  }
}

function render(body: string, entities: Entity[], from: number, to: number): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = from;
  let i = 0;
  while (i < entities.length) {
    const e = entities[i] as Entity;
    const end = e.offset + e.length;
    if (e.offset < at || end > to) {
      i += 1; // overlaps what is already shown: its text is shown plain
      continue;
    }
    if (e.offset > at) out.push(body.slice(at, e.offset));
    // Entities inside this one (sorted: they follow it) render within it.
    let j = i + 1;
    while (j < entities.length && (entities[j] as Entity).offset < end) j += 1;
    const [innerStart, innerEnd] = inner(body, e);
    out.push(wrap(e, render(body, entities.slice(i + 1, j), innerStart, innerEnd), e.offset));
    at = end;
    i = j;
  }
  if (at < to) out.push(body.slice(at, to));
  return out;
}

/** A body with its entities (Markdown markup, links, mentions) as elements; never as HTML. */
export function Formatted({ body, entities }: { body: string; entities: Entity[] }) {
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  return <>{render(body, sorted, 0, body.length)}</>;
}
