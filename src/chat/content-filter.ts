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
const WORD_CHAR = new RegExp(`^(?![${UNSPACED}])[\\p{L}\\p{N}\\p{M}]$`, 'u');

/** Marks (accents), and invisible format characters (zero-width spaces and joiners). */
const STRIPPED = /[\p{M}\p{Cf}]/gu;

/**
 * One code point as it is compared: compatibility forms folded (full-width `Ａ` is `A`,
 * `ﬁ` is `fi`), accents dropped (`é` is `e`), case folded, invisible characters gone.
 */
function fold(codePoint: string): string {
  let f = folds.get(codePoint);
  if (f === undefined) {
    f = codePoint.normalize('NFKD').replace(STRIPPED, '').normalize('NFKC').toLowerCase();
    // Bounded: texts use few distinct characters, but nothing stops one from using many.
    if (folds.size >= 50_000) folds.clear();
    folds.set(codePoint, f);
  }
  return f;
}
const folds = new Map<string, string>();

/** Printable ASCII and white space: folding it is lower-casing it, one unit for one. */
const ASCII = /^[\t\n\v\f\r\x20-\x7e]*$/;

/**
 * `text` folded, with the index in `text` where each folded UTF-16 unit came from (null: the
 * same index, for ASCII text, which is folded by lower-casing alone and costs no more).
 */
function folded(text: string): { text: string; origin: number[] | null } {
  if (ASCII.test(text)) return { text: text.toLowerCase(), origin: null };
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

/**
 * Whether `plain[start, end)` stands alone: where the word's edge is in a script that spaces
 * its words, the character beside it is not a letter or digit of such a script.
 */
function whole(plain: string, start: number, end: number): boolean {
  const first = String.fromCodePoint(plain.codePointAt(start) ?? 0);
  const last = String.fromCodePoint(plain.codePointAt(end - 1) ?? 0);
  if (!UNSPACED_CHAR.test(first) && start > 0) {
    const before = plain.codePointAt(start - 1) ?? 0;
    // A low surrogate: the code point starts one unit earlier.
    const cp = before >= 0xdc00 && before <= 0xdfff ? (plain.codePointAt(start - 2) ?? 0) : before;
    if (WORD_CHAR.test(String.fromCodePoint(cp))) return false;
  }
  if (!UNSPACED_CHAR.test(last) && end < plain.length) {
    if (WORD_CHAR.test(String.fromCodePoint(plain.codePointAt(end) ?? 0))) return false;
  }
  return true;
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
    .map((word) => word.split(/\s+/).map(escapeRegExp).join(String.raw`\s+`));
  if (patterns.length === 0) return noContentFilter;
  // Literals only (fast); whole-word boundaries are checked on each match (`whole`).
  const matcher = new RegExp(patterns.join('|'), 'g');

  /** The matches of listed words in folded `plain`, as [start, end) of `plain`. */
  function* matches(plain: string): Generator<[number, number]> {
    matcher.lastIndex = 0;
    for (let match = matcher.exec(plain); match; match = matcher.exec(plain)) {
      const start = match.index;
      const end = start + match[0].length;
      if (whole(plain, start, end)) {
        yield [start, end];
      } else {
        matcher.lastIndex = start + 1;
      }
    }
  }

  return {
    apply(text, what) {
      const { text: plain, origin } = folded(text);
      if (mode === 'reject') {
        if (!matches(plain).next().done) {
          throw badInput(`${what} contains words that are not allowed`);
        }
        return text;
      }
      let out = '';
      let kept = 0;
      const at = (i: number) => (origin ? origin[i] : i < text.length ? i : undefined);
      for (const [from, to] of matches(plain)) {
        const start = at(from) ?? text.length;
        // Up to where the next folded character came from: the marks and invisible characters
        // right after the match (they fold to nothing) go with it.
        const end = at(to) ?? text.length;
        if (start < kept) continue;
        out += text.slice(kept, start) + MASK;
        kept = end;
      }
      return kept === 0 ? text : out + text.slice(kept);
    },
  };
}
