import { stripControls } from '../core/secrets/scrub.ts';

/**
 * What the CLI writes goes to a terminal more often than not, and some of it is provider text
 * (messages, task fields). Human output has escape sequences and control characters removed
 * (a hostile message cannot set the window title, write the clipboard or hide text); JSON
 * output keeps every character but writes the ones a terminal would act on, and invisible
 * formatting, as \u escapes — the same JSON to a parser, inert on a screen.
 */
export function terminalText(text: string): string {
  return stripControls(text);
}

const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
