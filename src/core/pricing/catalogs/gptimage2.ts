import type { CatalogEntry, Dec, PriceCatalog } from '../types.ts';

/**
 * GPT Image 2 API (seed 003, the pricing page gptimage2api.org/docs/pricing): credits per
 * call for every public model. The page's own rule: "creditsUsed" in the task reply is the
 * authoritative charge; these are what a request is pre-debited.
 *
 * Sora 2, Wan 2.6 and Seedance are priced by resolution and by duration, but the page lists
 * each resolution's prices in steps ("5, 10, 20 at 720p") without naming the seconds of each
 * step (the video reference only says common durations are 5, 10, 15 or 20 s). They are kept
 * as duration tiers, 1 = the shortest, rather than guessed seconds.
 */
const SOURCE = 'seed 003: gptimage2api.org/docs/pricing';
const DATE = '2026-11-30';

const entry = (model: string, rule: CatalogEntry['rule'], note?: string): CatalogEntry => ({
  model,
  rule,
  unit: 'credits',
  source: SOURCE,
  date: DATE,
  ...(note ? { note } : {}),
});
const flat = (model: string, cost: Dec, note?: string) => entry(model, { kind: 'flat', cost }, note);
const byResolution = (model: string, costs: Record<string, Dec>) => entry(model, { kind: 'by_resolution', costs });
const byDuration = (model: string, five: Dec, ten: Dec, note?: string) =>
  entry(model, { kind: 'by_duration', costs: { '5': five, '10': ten } }, note);
const tiers = (model: string, p720: Dec[], p1080: Dec[], note?: string) =>
  entry(
    model,
    {
      kind: 'by_duration_resolution',
      durationParam: 'durationTier',
      costs: {
        '720p': Object.fromEntries(p720.map((c, i) => [String(i + 1), c])),
        '1080p': Object.fromEntries(p1080.map((c, i) => [String(i + 1), c])),
      },
    },
    note ?? 'duration tiers from shortest (1) to longest; the pricing page does not name their seconds',
  );

const SORA_2 = [
  ['5', '10', '20'],
  ['8', '15', '30'],
] as const;
const WAN_2_6 = [
  ['30', '60', '90'],
  ['45', '89', '133'],
] as const;

export const GPTIMAGE2_CATALOG: PriceCatalog = {
  provider: 'gptimage2',
  note: null,
  entries: [
    // Image models
    flat('gpt-image-2', '3', 'up to 4 inputImageUrls switch the request into edit mode, same price'),
    flat('google/nano-banana', '3'),
    byResolution('nano-banana-2', { '1K': '4', '2K': '6', '4K': '8' }),
    byResolution('nano-banana-pro', { '2K': '12', '4K': '20' }),
    // Video models
    byDuration('kling/v2-1-standard', '11', '22'),
    byDuration('kling/v2-1-pro', '21', '42'),
    byDuration('kling/v2-1-master-text-to-video', '67', '134'),
    tiers('sora-2-text-to-video', [...SORA_2[0]], [...SORA_2[1]]),
    tiers('sora-2-pro-text-to-video', ['16', '32', '64'], ['24', '48', '96']),
    tiers('sora-2-image-to-video', [...SORA_2[0]], [...SORA_2[1]]),
    byDuration('hailuo/02-text-to-video-standard', '13', '21'),
    byDuration('hailuo/02-text-to-video-pro', '24', '48'),
    byDuration('hailuo/02-image-to-video-standard', '13', '21', 'same pricing profile as the text-to-video standard'),
    byDuration('hailuo/02-image-to-video-pro', '24', '48', 'same pricing profile as the text-to-video pro'),
    flat('veo3_fast', '9', 'per 8-second clip'),
    flat('veo3', '63', 'per 8-second clip'),
    flat('veo3_lite', '5', 'per 8-second clip'),
    tiers('wan/2-6-text-to-video', [...WAN_2_6[0]], [...WAN_2_6[1]]),
    tiers('wan/2-6-image-to-video', [...WAN_2_6[0]], [...WAN_2_6[1]]),
    tiers('bytedance/seedance-1.5-pro', ['18', '36'], ['27', '54']),
  ],
};
