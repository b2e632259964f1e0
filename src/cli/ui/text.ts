import stringWidth from 'string-width';
import { stripControls } from '../../core/secrets/scrub.ts';

/**
 * Text for a terminal: how many columns it takes, cut to fit with an ellipsis, or wrapped.
 * Widths are display columns (a CJK label takes two per character, an emoji two), measured
 * with string-width, so tables stay aligned whatever the labels are written in.
 */

/**
 * Provider and user text made inert on a screen, by the one scrubber's control stripping
 * (escape sequences, control and invisible formatting characters); tabs become spaces.
 */
export function plain(text: string): string {
  return stripControls(text.replace(/\t/g, ' '));
}

/** One line: line breaks become spaces (a table cell or a list line). */
export function oneLine(text: string): string {
  return plain(text).replace(/\s*[\r\n]+\s*/g, ' ');
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

const segmenter = new Intl.Segmenter();

/** `text` cut to at most `width` columns, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/** `text` padded with spaces to `width` columns (left- or right-aligned). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

/**
 * Words wrapped to `width` columns; a word longer than a line is cut with an ellipsis (a
 * URL is better cut than broken mid-way across lines). Line breaks in the text are kept.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of plain(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (displayWidth(candidate) <= width) line = candidate;
      else {
        if (line) lines.push(line);
        line = displayWidth(word) > width ? truncate(word, width) : word;
      }
    }
    lines.push(line);
  }
  return lines;
}
