import { describe, expect, it } from 'vitest';
import { capWindow, capResetMinute } from '../../src/core/analytics/cap-window.ts';

const t = (iso: string) => Date.parse(iso);

describe('capWindow', () => {
  it('defaults to UTC midnight', () => {
    expect(capWindow({}, t('2026-11-21T15:30:00Z'))).toEqual({
      start: t('2026-11-21T00:00:00Z'),
      end: t('2026-11-22T00:00:00Z'),
    });
  });
  it('follows a configured reset time, before and after it', () => {
    const opts = { capResetUtc: '08:30' };
    expect(capResetMinute(opts)).toBe(510);
    expect(capWindow(opts, t('2026-11-21T15:00:00Z'))).toEqual({
      start: t('2026-11-21T08:30:00Z'),
      end: t('2026-11-22T08:30:00Z'),
    });
    expect(capWindow(opts, t('2026-11-21T08:00:00Z'))).toEqual({
      start: t('2026-11-20T08:30:00Z'),
      end: t('2026-11-21T08:30:00Z'),
    });
    expect(capWindow(opts, t('2026-11-21T08:30:00Z')).start).toBe(t('2026-11-21T08:30:00Z'));
  });
});
