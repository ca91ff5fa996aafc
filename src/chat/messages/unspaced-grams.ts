/**
 * Chinese, Japanese, Korean and Thai are written without spaces between words, so no
 * word index finds "预算" in "讨论预算"; and trigrams cannot find a two-character word.
 * drizzle/0012 indexes every body by `unspaced_script_grams(body)`: each run of these
 * scripts' characters gives its pairs of neighbouring characters, and its last character
 * alone ("讨论预算" gives 讨论 论预 预算 算). A fragment made of these characters only is
 * then found through that index:
 * - two characters: its pair (exact);
 * - one character: any gram starting with it (exact: every character starts a pair, or ends
 *   its run);
 * - more: every pair of it, a necessary condition (the body is then checked for the whole
 *   fragment).
 */

/**
 * The characters indexed, code point ranges exactly as in `unspaced_script_grams` of
 * drizzle/0012 (a character outside them must not take this path: its grams are not in
 * the index). Thai; Hangul Jamo; Hiragana and Katakana; Hangul compatibility Jamo; CJK
 * extension A; CJK unified ideographs; Hangul syllables; CJK compatibility ideographs;
 * CJK extensions B to H.
 */
export const GRAM_CHARS =
  /^[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+$/u;

/** Whether every character of `text` is indexed by its grams. */
export const isGramText = (text: string): boolean => GRAM_CHARS.test(text);

/**
 * The tsquery (text form, for a `::tsquery` cast) that a body containing `fragment` matches
 * in the gram index; `fragment` must pass isGramText (its characters need no quoting).
 */
export function gramQuery(fragment: string): string {
  const chars = Array.from(fragment);
  if (chars.length === 1) return `'${fragment}':*`;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(`'${chars[i]}${chars[i + 1]}'`);
  return [...pairs].join(' & ');
}

/** Whether gramQuery alone decides a match (no check of the body needed). */
export const gramQueryIsExact = (fragment: string): boolean => Array.from(fragment).length <= 2;
