import { badInput } from './errors.js';

/** `mask`: a listed word becomes `***`; `reject`: the text is refused (BAD_USER_INPUT). */
export type ContentFilterMode = 'mask' | 'reject';

/** What users write (message bodies, room titles, display names, file names), as it may be kept. */
export interface ContentFilter {
  /** `text` with every listed word masked, or a BAD_USER_INPUT naming no word (reject mode). */
  apply(text: string, what: string): string;
}

/** No words: every text passes unchanged. */
export const noContentFilter: ContentFilter = { apply: (text) => text };

export const MASK = '***';

/**
 * Scripts written without spaces between words: a word of theirs matches inside a run of
 * letters. Elsewhere a word matches only whole (no letter or digit right before or after it),
 * so "class" never masks "ass".
 */
const UNSPACED = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
const UNSPACED_CHAR = new RegExp(`[${UNSPACED}]`, 'u');
/** A letter, digit or mark of a script that spaces its words. */
const WORD_CHAR = String.raw`(?:(?![${UNSPACED}])[\p{L}\p{N}\p{M}])`;

/** Marks (accents), and invisible format characters (zero-width spaces and joiners). */
const STRIPPED = /[\p{M}\p{Cf}]/gu;

/**
 * One code point as it is compared: compatibility forms folded (full-width `Ａ` is `A`,
 * `ﬁ` is `fi`), accents dropped (`é` is `e`), case folded, invisible characters gone.
 */
function fold(codePoint: string): string {
  return codePoint.normalize('NFKD').replace(STRIPPED, '').normalize('NFKC').toLowerCase();
}

/** `text` folded, with the index in `text` where each folded UTF-16 unit came from. */
function folded(text: string): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  let index = 0;
  for (const codePoint of text) {
    const f = fold(codePoint);
    out += f;
    for (let i = 0; i < f.length; i++) origin.push(index);
    index += codePoint.length;
  }
  return { text: out, origin };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Parses a words file: one word or phrase a line; blank lines and lines starting with `#`
 * are skipped. Runs of white space in a phrase match any run of white space.
 */
export function parseWordList(contents: string): string[] {
  return contents
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/**
 * A filter of the listed words. Text and words are compared folded (see `fold`): case,
 * full-width and accented variants and zero-width characters slipped in between letters
 * all match. Masking replaces the original characters a match came from.
 */
export function createContentFilter(
  words: readonly string[],
  mode: ContentFilterMode,
): ContentFilter {
  const patterns = [
    ...new Set(words.map((word) => folded(word).text.trim()).filter((w) => w.length > 0)),
  ]
    // Longest first: a phrase wins over a word it starts with.
    .sort((a, b) => b.length - a.length)
    .map((word) => {
      const chars = [...word];
      const spacedStart = !UNSPACED_CHAR.test(chars[0] ?? '');
      const spacedEnd = !UNSPACED_CHAR.test(chars.at(-1) ?? '');
      const body = word.split(/\s+/).map(escapeRegExp).join(String.raw`\s+`);
      return `${spacedStart ? `(?<!${WORD_CHAR})` : ''}${body}${spacedEnd ? `(?!${WORD_CHAR})` : ''}`;
    });
  if (patterns.length === 0) return noContentFilter;
  const matcher = new RegExp(patterns.join('|'), 'gu');

  return {
    apply(text, what) {
      const { text: plain, origin } = folded(text);
      matcher.lastIndex = 0;
      if (mode === 'reject') {
        if (matcher.test(plain)) throw badInput(`${what} contains words that are not allowed`);
        return text;
      }
      let out = '';
      let kept = 0;
      for (const match of plain.matchAll(matcher)) {
        const start = origin[match.index] ?? text.length;
        // Up to where the next folded character came from: the marks and invisible characters
        // right after the match (they fold to nothing) go with it.
        const end = origin[match.index + match[0].length] ?? text.length;
        if (start < kept) continue;
        out += text.slice(kept, start) + MASK;
        kept = end;
      }
      return kept === 0 ? text : out + text.slice(kept);
    },
  };
}
