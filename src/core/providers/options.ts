import type { AccountOptions, OptionSpec } from '../../shared/domain.ts';
import { toMicros, DecimalError } from '../../shared/decimal.ts';
import { checkBaseUrl, UrlPolicyError } from '../net/url-policy.ts';
import type { ProviderDefinition } from './types.ts';
import { isTimeZone } from '../analytics/cap-window.ts';

export class OptionError extends Error {
  override name = 'OptionError';
}

/** Options every provider accepts. */
export const COMMON_OPTIONS: OptionSpec[] = [
  {
    name: 'dailyCap',
    label: 'Daily cap',
    type: 'number',
    required: false,
    description: "A daily spend limit for this key, in the account's unit, when the provider does not report one.",
  },
  {
    name: 'capResetTime',
    label: 'Daily cap resets at',
    type: 'string',
    default: '00:00',
    required: false,
    description:
      'When the daily cap resets, as HH:MM in the time zone below. Unset, a reset the provider does not report is assumed at UTC midnight.',
  },
  {
    name: 'capTimeZone',
    label: 'Time zone of the cap reset',
    type: 'string',
    default: 'UTC',
    required: false,
    description: 'The IANA time zone of that time, e.g. UTC, Europe/Berlin, Asia/Shanghai (default UTC).',
  },
];

/**
 * Older option names still accepted (from `--set` and imported files) and what they mean
 * now: `capResetUtc=HH:MM` is that time in UTC.
 */
function legacyOptions(raw: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(raw, 'capResetUtc')) return raw;
  const { capResetUtc, ...rest } = raw;
  if (Object.hasOwn(rest, 'capResetTime'))
    throw new OptionError('give the cap reset as capResetTime (with capTimeZone), not also as capResetUtc');
  return { ...rest, capResetTime: capResetUtc, capTimeZone: rest.capTimeZone ?? 'UTC' };
}

export function optionSpecs(def: ProviderDefinition): OptionSpec[] {
  const own = new Set(def.options.map((o) => o.name));
  return [...def.options, ...COMMON_OPTIONS.filter((o) => !own.has(o.name))];
}

/**
 * Check and coerce raw option values (strings from `--set name=value`, or typed values
 * from the UI) against the provider's option specs. Unknown names, bad numbers, values
 * outside an enum and missing required options are errors that name the option.
 */
export function parseOptions(def: ProviderDefinition, given: Record<string, unknown>): AccountOptions {
  const specs = optionSpecs(def);
  const raw = legacyOptions(given);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: AccountOptions = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => s.name).join(', ') || 'none';
      throw new OptionError(`unknown option "${name}" for ${def.name} (known: ${known})`);
    }
    out[name] = coerce(spec, value);
  }
  for (const spec of specs) {
    if (spec.required && out[spec.name] === undefined) {
      throw new OptionError(`${def.name} needs option "${spec.name}" (${spec.description})`);
    }
  }
  const problem = def.checkOptions?.(out) ?? null;
  if (problem !== null) throw new OptionError(problem);
  return out;
}

function coerce(spec: OptionSpec, value: unknown): string | number | boolean {
  const text = typeof value === 'string' ? value.trim() : value;
  const bad = (why: string): never => {
    throw new OptionError(`option "${spec.name}": ${why}`);
  };
  switch (spec.type) {
    case 'number': {
      if (typeof text !== 'number' && typeof text !== 'string') return bad('expected a number');
      try {
        const micros = toMicros(text);
        if (micros < 0) return bad('must not be negative');
        return Number(text);
      } catch (error) {
        return bad(error instanceof DecimalError ? 'expected a number' : String(error));
      }
    }
    case 'integer': {
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) return bad('expected a whole number');
      return n;
    }
    case 'boolean': {
      if (typeof text === 'boolean') return text;
      if (text === 'true' || text === '1' || text === 'yes') return true;
      if (text === 'false' || text === '0' || text === 'no') return false;
      return bad('expected true or false');
    }
    case 'enum': {
      const s = String(text);
      if (!spec.values?.includes(s)) return bad(`expected one of ${spec.values?.join(', ')}`);
      return s;
    }
    case 'url': {
      if (typeof text !== 'string' || text === '') return bad('expected a URL');
      try {
        return checkBaseUrl(text);
      } catch (error) {
        return bad(error instanceof UrlPolicyError ? error.message : 'expected a URL');
      }
    }
    case 'string': {
      if (typeof text !== 'string' || text === '') return bad('expected text');
      if (text.length > 500) return bad('too long');
      if (spec.name === 'capResetTime' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(text))
        return bad('expected HH:MM (24-hour), e.g. 00:00');
      if (spec.name === 'capTimeZone' && !isTimeZone(text))
        return bad('expected an IANA time zone such as UTC, Europe/Berlin or Asia/Shanghai');
      return text;
    }
  }
}
