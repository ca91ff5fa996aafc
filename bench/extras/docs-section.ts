/**
 * Writes one generated section of docs/BENCHMARKS.md between its own markers and leaves
 * every byte outside them alone (the fan-out harness owns another section of the file).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const START_MARKER = '<!-- bench-extras:start -->';
export const END_MARKER = '<!-- bench-extras:end -->';
const HEADING = '## Chat-specific figures';

export function writeDocsSection(docsFile: string, markdown: string): void {
  const current = readFileSync(docsFile, 'utf8');
  const block = `${START_MARKER}\n${markdown.trim()}\n${END_MARKER}`;
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  let updated: string;
  if (start >= 0 && end > start) {
    updated = current.slice(0, start) + block + current.slice(end + END_MARKER.length);
  } else if (start < 0 && end < 0) {
    const separator = current.endsWith('\n') ? '\n' : '\n\n';
    updated = `${current}${separator}${HEADING}\n\n${block}\n`;
  } else {
    throw new Error(
      `${docsFile}: only one of ${START_MARKER} / ${END_MARKER} is there; fix it by hand`,
    );
  }
  writeFileSync(docsFile, updated);
}
