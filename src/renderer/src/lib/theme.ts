import { useSyncExternalStore } from 'react';
import type { ThemeChoice } from '../../../shared/ipc.ts';

const query = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();
let choice: ThemeChoice = 'system';

/** Light or dark: the setting, or the system's when the setting says "system". */
function resolved(): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return query.matches ? 'dark' : 'light';
}

/** theme.css keys every colour on `data-theme`; set it before the first paint and on every change. */
function apply(): void {
  document.documentElement.dataset.theme = resolved();
  for (const listener of [...listeners]) listener();
}

query.addEventListener('change', () => {
  if (choice === 'system') apply();
});
apply();

/** Follow the theme setting (Settings → General → Theme). */
export function setThemeChoice(next: ThemeChoice): void {
  if (next === choice) return;
  choice = next;
  apply();
}

/** Light or dark as shown now (charts draw on canvas and need the colours in JS). */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore((notify) => {
    listeners.add(notify);
    return () => listeners.delete(notify);
  }, resolved);
}

/** A colour defined in theme.css, resolved for the current scheme. */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
