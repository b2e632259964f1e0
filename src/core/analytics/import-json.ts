import { FieldError, JSON_FORMAT, JSON_VERSION, checkReading } from './transfer-format.ts';
import { parseIsoTime } from './time.ts';
import { planPack, planPriceRecord, planSetting } from './import-plan.ts';
import type { Plan } from './import-plan.ts';

/** Several lines that are each a JSON object: what `watch --json` prints. */
function isJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2) return false;
  return lines.every((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null;
    } catch {
      return false;
    }
  });
}

/** A JSON history file (or the bare list `history --format json` prints) into the plan. */
export function planJson(plan: Plan, text: string): void {
  let doc: unknown;
  // A byte-order mark (some editors write one) is not part of the JSON.
  const json = text.replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(json);
  } catch (error) {
    if (isJsonLines(json)) {
      plan.problem(
        { line: null, where: 'the file' },
        'JSON lines (one object per line, as watch --json prints), not a history file: burnrate export --format json writes one',
      );
      return;
    }
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? json.slice(0, Number(at[1])).split('\n').length : null;
    plan.problem({ line, where: line ? `line ${line}` : 'the file' }, 'not valid JSON');
    return;
  }
  if (typeof doc === 'object' && doc !== null && 'generatedAt' in doc && 'accounts' in doc && !('format' in doc)) {
    plan.problem(
      { line: null, where: 'the file' },
      'a status report (status --json), not a history file: burnrate export --format json writes one',
    );
    return;
  }
  // A bare list is what `history --format json` prints: readings only.
  if (Array.isArray(doc)) doc = { format: JSON_FORMAT, version: JSON_VERSION, readings: doc };
  const top = doc as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || top.format !== JSON_FORMAT) {
    plan.problem(
      { line: null, where: 'the file' },
      `not a Burnrate history file (expected "format": "${JSON_FORMAT}")`,
    );
    return;
  }
  if (top.version !== 1) {
    plan.problem(
      { line: null, where: 'version' },
      `version ${JSON.stringify(top.version)} is not one this Burnrate reads (1)`,
    );
    return;
  }
  const list = (name: string): unknown[] => {
    const v = top[name];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      plan.problem({ line: null, where: name }, 'must be a list');
      return [];
    }
    return v;
  };
  const settings = top.settings;
  if (settings !== undefined && (typeof settings !== 'object' || settings === null || Array.isArray(settings))) {
    plan.problem({ line: null, where: 'settings' }, 'must be an object');
  } else if (settings) {
    for (const [name, value] of Object.entries(settings))
      planSetting(plan, { name, value }, { line: null, where: `settings.${name}` });
  }
  list('accounts').forEach((a, i) => {
    const where = { line: null, where: `accounts[${i}]` };
    if (typeof a !== 'object' || a === null) return plan.problem(where, 'must be an object');
    const o = a as Record<string, unknown>;
    if (typeof o.id !== 'string' || !o.id) return plan.problem(where, 'id is missing');
    const at = typeof o.createdAt === 'string' ? parseIsoTime(o.createdAt) : null;
    plan.hint(
      o.id,
      typeof o.provider === 'string' ? o.provider : '',
      typeof o.label === 'string' ? o.label : '',
      where,
      o,
      at,
    );
  });
  list('packs').forEach((p, i) => {
    const where = { line: null, where: `packs[${i}]` };
    if (typeof p !== 'object' || p === null) return plan.problem(where, 'must be an object');
    const o = p as Record<string, unknown>;
    if (typeof o.accountId !== 'string') return plan.problem(where, 'accountId is missing');
    if (!plan.hints.has(o.accountId)) plan.hint(o.accountId, '', '', where);
    planPack(plan, o.accountId, o, o.purchasedAt, where);
  });
  list('prices').forEach((p, i) => {
    const where = { line: null, where: `prices[${i}]` };
    if (typeof p !== 'object' || p === null) return plan.problem(where, 'must be an object');
    const o = p as Record<string, unknown>;
    const ref = typeof o.accountId === 'string' && o.accountId ? o.accountId : null;
    if (ref !== null && !plan.hints.has(ref)) plan.hint(ref, '', '', where);
    planPriceRecord(plan, ref, o, o.updatedAt, where);
  });
  const readings = list('readings');
  plan.expected = readings.length;
  readings.forEach((r, i) => {
    plan.tick();
    const where = { line: null, where: `readings[${i}]` };
    if (typeof r !== 'object' || r === null) return plan.problem(where, 'must be an object');
    const o = r as Record<string, unknown>;
    if (typeof o.accountId !== 'string' || !o.accountId) return plan.problem(where, 'accountId is missing');
    if (!plan.hints.has(o.accountId))
      plan.hint(
        o.accountId,
        typeof o.provider === 'string' ? o.provider : '',
        typeof o.label === 'string' ? o.label : '',
        where,
      );
    const balance = o.balance as Record<string, unknown> | null | undefined;
    const cap = o.cap as Record<string, unknown> | null | undefined;
    if (balance !== null && balance !== undefined && typeof balance !== 'object')
      return plan.problem(where, 'balance must be {amount, unit} or null');
    if (cap !== null && cap !== undefined && typeof cap !== 'object')
      return plan.problem(where, 'cap must be an object or null');
    try {
      plan.addReading(
        o.accountId,
        checkReading({
          timestamp: o.at,
          balance: balance?.amount,
          unit: balance?.unit,
          state: o.state,
          httpStatus: o.httpStatus,
          retryAfterSeconds: o.retryAfterSeconds,
          message: o.message,
          capUnit: cap?.unit,
          capLimit: cap?.limit,
          capUsed: cap?.used,
          capRemaining: cap?.remaining,
          capResetAt: cap?.resetAt,
          keyExpiresAt: o.keyExpiresAt,
        }),
      );
    } catch (error) {
      if (error instanceof FieldError) plan.problem(where, error.message);
      else throw error;
    }
  });
}
