/**
 * "Did you mean …?" for commands, flags, provider ids and account labels. The distance is
 * the optimal string alignment distance (Levenshtein plus swapping two neighbours), because
 * the commonest typo, two letters typed the wrong way round ("stauts"), should cost one edit
 * and not two. Case is ignored: "CheapAI" means "cheapai".
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rows are enough: the one before the previous is needed for a swap.
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[n]!;
}

/**
 * The candidates close enough to `input` to be what was meant, best first (at most three).
 * Close enough: the same word in another case; a candidate the input starts (three letters
 * or more); or within one edit for a short word, two for a longer one, three from nine letters.
 */
export function suggestions(input: string, candidates: Iterable<string>): string[] {
  const typed = input.toLowerCase();
  if (!typed) return [];
  const limit = typed.length <= 4 ? 1 : typed.length < 9 ? 2 : 3;
  const scored: Array<{ word: string; score: number }> = [];
  const seen = new Set<string>();
  for (const word of candidates) {
    if (seen.has(word)) continue;
    seen.add(word);
    const lower = word.toLowerCase();
    let score: number;
    if (lower === typed) score = 0;
    else if (typed.length >= 3 && lower.startsWith(typed)) score = 0.5;
    else {
      const d = editDistance(typed, lower);
      if (d > limit) continue;
      score = d;
    }
    scored.push({ word, score });
  }
  // The same word in another case is what was meant: nothing else is worth offering.
  if (scored.some((s) => s.score === 0)) return scored.filter((s) => s.score === 0).map((s) => s.word);
  return scored
    .sort((x, y) => x.score - y.score || x.word.localeCompare(y.word))
    .slice(0, 3)
    .map((s) => s.word);
}

/** " (did you mean status?)", " (did you mean --label or --base-url?)", or "" when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const found = suggestions(input, candidates);
  if (found.length === 0) return '';
  const list = found.length === 1 ? found[0]! : `${found.slice(0, -1).join(', ')} or ${found.at(-1)!}`;
  return ` (did you mean ${list}?)`;
}
