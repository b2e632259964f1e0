import { describe, expect, it } from 'vitest';
import { IPC_ERROR_CODES, isIpcErrorCode, readReply, UNREADABLE_REPLY } from '../../src/shared/ipc/errors.ts';

/** The renderer reads every reply through readReply, so it only ever matches on the list's codes. */
describe('reading an IPC reply', () => {
  it('passes a good envelope through as it is', () => {
    expect(readReply({ ok: true, value: [1, 2] })).toEqual({ ok: true, value: [1, 2] });
    expect(readReply({ ok: true, value: null })).toEqual({ ok: true, value: null });
    for (const code of IPC_ERROR_CODES)
      expect(readReply({ ok: false, error: { code, message: 'said why' } })).toEqual({
        ok: false,
        error: { code, message: 'said why' },
      });
  });

  it('reads an error code outside the list as internal, keeping what it said', () => {
    expect(readReply({ ok: false, error: { code: 'quota_gone', message: 'out of quota' } })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'out of quota' },
    });
    expect(readReply({ ok: false, error: { code: 42, message: 'a number for a code' } })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'a number for a code' },
    });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'Error invoking remote method'],
    ['no ok', { value: 1 }],
    ['ok that is not a boolean', { ok: 'yes', value: 1 }],
    ['a failure without an error', { ok: false }],
    ['an error that is not an object', { ok: false, error: 'bad' }],
  ])('reads %s as an internal error with a plain sentence', (_name, reply) => {
    expect(readReply(reply)).toEqual({ ok: false, error: { code: 'internal', message: UNREADABLE_REPLY } });
  });

  it('gives a plain sentence when a known code comes without a message', () => {
    expect(readReply({ ok: false, error: { code: 'not_found' } })).toEqual({
      ok: false,
      error: { code: 'not_found', message: UNREADABLE_REPLY },
    });
    expect(readReply({ ok: false, error: { code: 'not_found', message: '  ' } })).toEqual({
      ok: false,
      error: { code: 'not_found', message: UNREADABLE_REPLY },
    });
  });

  it('knows the list and nothing else', () => {
    expect(IPC_ERROR_CODES.every(isIpcErrorCode)).toBe(true);
    expect(new Set(IPC_ERROR_CODES).size).toBe(IPC_ERROR_CODES.length);
    for (const other of ['', 'Validation', 'internal ', 'toString', '__proto__', null, undefined, 1])
      expect(isIpcErrorCode(other), String(other)).toBe(false);
  });
});
