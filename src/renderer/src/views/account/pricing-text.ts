import { t } from '../../lib/i18n.ts';

/** How prices and variants read in the pricing panels (what it buys, set a price, estimate). */

const KEY_ORDER = ['resolution', 'duration', 'durationTier', 'tokens'];
export const keyRank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);

/** A variant as people say it: "1080p · tier 3", "10 s", "input tokens", "quality hd". */
export function variantText(params: Record<string, string>): string {
  return Object.entries(params)
    .sort(([a], [b]) => keyRank(a) - keyRank(b))
    .map(([k, v]) =>
      k === 'tokens'
        ? t(`pricing.tokens.${v === 'input' ? 'input' : 'output'}`)
        : k === 'resolution'
          ? v
          : k === 'duration'
            ? t('pricing.seconds', { n: v })
            : k === 'durationTier'
              ? t('pricing.tier', { n: v })
              : `${k} ${v}`,
    )
    .join(' · ');
}

/** "resolution=2K, duration=5" (or spaces) into parameters; what is not name=value is refused. */
export function parseParamsText(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return t('pricing.notNameValue', { part });
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
