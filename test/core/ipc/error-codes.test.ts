import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import { createApi } from '../../../src/core/api.ts';
import type { ApiContext } from '../../../src/core/api.ts';
import { isUserErrorCode, UserError } from '../../../src/core/errors.ts';
import type { UserErrorCode } from '../../../src/core/errors.ts';
import { refuseSender } from '../../../src/core/ipc/dispatcher.ts';
import { reviveError } from '../../../src/core/jobs/errors.ts';
import type { JobHandle, JobRunner } from '../../../src/core/jobs/runner.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import { IPC_ERROR_CODES, isIpcErrorCode } from '../../../src/shared/ipc/errors.ts';
import type { IpcError, IpcErrorCode, IpcResult } from '../../../src/shared/ipc.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

/**
 * Error codes are one closed list (src/shared/ipc/errors.ts) that core, main and the
 * renderer share. Each code is produced here by a real failure through the dispatcher, and
 * nothing the engine answers falls outside the list.
 */
let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

function setup(extra: Partial<ApiContext> = {}) {
  const secrets = new MemorySecrets();
  const core = openCore({ home: tempDir(), secrets });
  const invoke = createApi({ core, version: '0.0.0-test', platform: 'linux', demo: false, ...extra });
  return { core, secrets, invoke };
}

const codeOf = (reply: IpcResult<unknown>): string | null => (reply.ok ? null : reply.error.code);

describe('IPC error codes: one closed list', () => {
  it('types every code core, the dispatcher and the sender check give as a member of the list', () => {
    expectTypeOf<UserErrorCode>().toExtend<IpcErrorCode>();
    expectTypeOf<UserError['code']>().toEqualTypeOf<UserErrorCode>();
    expectTypeOf<IpcError['code']>().toEqualTypeOf<IpcErrorCode>();
    expectTypeOf<NonNullable<ReturnType<typeof refuseSender>>['error']['code']>().toEqualTypeOf<IpcErrorCode>();
    // What is not in the list is not a code.
    expectTypeOf<'quota_gone'>().not.toExtend<IpcErrorCode>();
  });

  it('gives each code for the failure it names, and nothing outside the list', async () => {
    const seen = new Map<string, string>();
    const note = (what: string, code: string | null) => {
      expect(code, what).not.toBeNull();
      seen.set(what, code!);
    };

    const { invoke, secrets } = setup({
      openExternal: () => {
        throw new Error('the browser would not start');
      },
    });
    note('a payload the schema refuses', codeOf(await invoke('accounts:add', { provider: 'cheapai' })));
    note('an account that is not there', codeOf(await invoke('account:detail', { id: 'acc_nothere1' })));
    const main = { provider: 'cheapai', label: 'main', baseUrl: fake.baseUrl('cheapai'), key: 'sk_main_0123456789' };
    expect(await invoke('accounts:add', main)).toMatchObject({ ok: true });
    note('a label already taken', codeOf(await invoke('accounts:add', main)));
    note('a window without a file dialog', codeOf(await invoke('export:run', { format: 'csv' })));
    note('a bug under a handler', codeOf(await invoke('app:openDocs', { provider: 'openrouter' })));
    fake.setAccount('cheapai', { key: 'sk_bad_0123456789', balance: '10', scenario: 'invalid_key' });
    note(
      'a key the provider refuses',
      codeOf(
        await invoke('accounts:add', {
          provider: 'cheapai',
          label: 'checked',
          baseUrl: fake.baseUrl('cheapai'),
          key: 'sk_bad_0123456789',
          check: true,
        }),
      ),
    );
    secrets.available = false;
    note(
      'a keychain that cannot be reached',
      codeOf(await invoke('accounts:add', { provider: 'cheapai', label: 'other', key: 'sk_other_0123456789' })),
    );
    await invoke.close();
    const refused = refuseSender({ url: 'https://evil.example/', parent: null }, () => false);
    note('a call from another page', refused && codeOf(refused));

    expect(Object.fromEntries(seen)).toEqual({
      'a payload the schema refuses': 'validation',
      'an account that is not there': 'not_found',
      'a label already taken': 'conflict',
      'a window without a file dialog': 'unsupported',
      'a bug under a handler': 'internal',
      'a key the provider refuses': 'key_rejected',
      'a keychain that cannot be reached': 'keychain_unavailable',
      'a call from another page': 'forbidden',
    });
    for (const code of seen.values()) expect(isIpcErrorCode(code), code).toBe(true);
    // Every code in the list is one a real failure gives: none is there for nothing.
    expect(new Set(seen.values())).toEqual(new Set(IPC_ERROR_CODES));
  });

  it('lets UserError take every code but the two core never throws', () => {
    expect(IPC_ERROR_CODES.filter(isUserErrorCode).sort()).toEqual(
      ['conflict', 'key_rejected', 'keychain_unavailable', 'not_found', 'unsupported', 'validation'].sort(),
    );
    expect(isUserErrorCode('internal')).toBe(false);
    expect(isUserErrorCode('forbidden')).toBe(false);
    expect(isUserErrorCode('quota_gone')).toBe(false);
  });

  it('answers a worker error with a code outside the list as internal, not as that code', async () => {
    // A worker built from other code (or a bug) reports a UserError code the list lacks.
    const revived = reviveError({ name: 'UserError', message: 'out of quota', stack: undefined, code: 'quota_gone' });
    expect(revived).not.toBeInstanceOf(UserError);
    const known = reviveError({ name: 'UserError', message: 'no such account', stack: undefined, code: 'not_found' });
    expect(known).toBeInstanceOf(UserError);
    expect((known as UserError).code).toBe('not_found');

    const failing: JobRunner = {
      start: () =>
        ({ id: 'job_000000000000', kind: 'history', result: Promise.reject(revived), cancel() {} }) as JobHandle<never>,
      cancel: () => false,
      running: () => [],
      close: async () => {},
    };
    const { invoke } = setup({ jobs: failing });
    // Deeper than a page read in place, so it goes to the job runner.
    const reply = await invoke('history:range', { limit: 10, offset: 10_000 });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'internal', message: 'something went wrong inside Burnrate; see the log for details' },
    });
    await invoke.close();
  });
});
