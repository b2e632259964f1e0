import type { Unit } from '../../shared/units.ts';

/**
 * How a provider prices work, as parameterised rules rather than flattened guesses.
 *
 * A catalog entry names one model and one rule. Rules that depend on request parameters
 * (resolution, duration) expand into priced variants — nano-banana-pro at 2K and at 4K —
 * and every figure that is shown or counted is computed from a variant. Amounts are exact
 * decimal strings in the entry's unit; nothing here is a float.
 */

/** A decimal string such as "0.525"; parsed exactly (see exact.ts). */
export type Dec = string;

/** One price for one call, whatever it asks for. The three differ in what counts as a call. */
export const PER_CALL_KINDS = ['flat', 'per_generation', 'per_request'] as const;
/** A price per measured unit of the job: seconds of video, megapixels, images. */
export const PER_UNIT_KINDS = ['per_second', 'per_megapixel', 'per_image'] as const;
export type PerCallKind = (typeof PER_CALL_KINDS)[number];
export type PerUnitKind = (typeof PER_UNIT_KINDS)[number];

/** The rule of one priced variant: what one job of it costs. */
export type VariantRule =
  /** flat: per call (GPT Image 2's credits per call); per_generation: per successful
   * generation, failures free (Cheapa's $0.21); per_request: new-api's per-request price. */
  | { kind: PerCallKind; cost: Dec }
  /** Input and output tokens priced separately, per `perTokens` tokens (1,000 or 1,000,000). */
  | { kind: 'per_token'; input: Dec; output: Dec; perTokens: number }
  | { kind: PerUnitKind; cost: Dec };

/** The rule of a catalog entry: a variant rule, or a table that expands into variants. */
export type EntryRule =
  | VariantRule
  /** Cost per call by the `resolution` parameter ("1K": "4", "2K": "6"). */
  | { kind: 'by_resolution'; costs: Record<string, Dec> }
  /** Cost per call by the `duration` parameter in seconds ("5": "11", "10": "22"). */
  | { kind: 'by_duration'; costs: Record<string, Dec> }
  /**
   * Cost per call by resolution, then by duration. `durationParam` is `duration` (seconds)
   * when the source names the durations, or `durationTier` ("1" shortest, …) when it lists
   * the prices of its duration steps without saying how long each is.
   */
  | {
      kind: 'by_duration_resolution';
      durationParam: 'duration' | 'durationTier';
      costs: Record<string, Record<string, Dec>>;
    };

/**
 * A price factor that applies when a request parameter has a value: seed 004's "field
 * multipliers" (Veo with priority pay-go: each request ×1.8).
 */
export interface FieldMultiplier {
  param: string;
  value: string;
  factor: Dec;
  note: string;
}

export interface CatalogEntry {
  model: string;
  rule: EntryRule;
  /** The unit `rule`'s amounts are in: the provider's credits, or money. */
  unit: Unit;
  /** Where the figures come from: a seed document, a docs page, a live list. */
  source: string;
  /** The day the figures were read from their source (YYYY-MM-DD). */
  date: string;
  note?: string;
  multipliers?: FieldMultiplier[];
  /** Parameters every variant of this entry has (dall-e-3's quality=hd), beside the rule's own. */
  params?: Record<string, string>;
}

/** One provider's typed, dated price list. */
export interface PriceCatalog {
  provider: string;
  entries: readonly CatalogEntry[];
  /** Shown when the catalog is empty or partial: where prices come from instead. */
  note: string | null;
}

/** Where a priced variant came from, in the order they override each other (last wins). */
export type PriceOrigin = 'catalog' | 'live' | 'price_check' | 'override';

/** One priced variant of a model: the unit everything is counted and estimated in. */
export interface PricedVariant {
  provider: string;
  model: string;
  /** The parameters that select this variant ({} for a model with one price). */
  params: Record<string, string>;
  rule: VariantRule;
  unit: Unit;
  origin: PriceOrigin;
  source: string;
  date: string;
  note: string | null;
  multipliers: FieldMultiplier[];
  /** For an override: the account it belongs to (null = every account of the provider). */
  accountId: string | null;
  /** For an override: its id (`prices remove <id>`); null for every other origin. */
  priceId?: number | null;
}
