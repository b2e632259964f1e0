import { describe, expect, it } from 'vitest';
import { classifyFailure, errorMessageOf, parseRetryAfter } from '../../../src/core/providers/classify.ts';

const reply = (status: number, text: string) => ({ status, text, credentialsWithheldAt: null });

describe('classifyFailure (the design state table)', () => {
  it.each([
    [401, '{"success":false,"error":"Invalid API key"}', 'invalid_key'],
    [401, '{"success":false,"error":"API key expired"}', 'expired_key'],
    [401, '{"error":{"message":"该令牌已过期","type":"new_api_error"}}', 'expired_key'],
    [
      403,
      '{"error":{"message":"user quota is not enough","type":"new_api_error","code":"insufficient_user_quota"}}',
      'insufficient_balance',
    ],
    [403, '{"error":"Forbidden"}', 'invalid_key'],
    [403, '{"error":{"message":"insufficient privilege for this endpoint"}}', 'invalid_key'],
    [403, '{"error":{"message":"user quota is not enough"}}', 'insufficient_balance'],
    [403, '{"error":{"message":"Insufficient balance"}}', 'insufficient_balance'],
    [403, '{"message":"用户额度不足"}', 'insufficient_balance'],
    [402, '', 'insufficient_balance'],
    [402, '{"error":{"code":402,"message":"Key limit exceeded"}}', 'insufficient_balance'],
    [429, '', 'rate_limited'],
    [429, '{"error":{"message":"Daily spend limit reached for this API key"}}', 'daily_cap_reached'],
    [429, '{"error":{"message":"Rate limit exceeded: 60 requests per minute"}}', 'rate_limited'],
    [500, '{"error":"boom"}', 'server_error'],
    [502, '<html><head><title>502 Bad Gateway</title></head></html>', 'server_error'],
    [455, '{"code":455,"msg":"Service maintenance"}', 'bad_response'],
    [404, 'Not Found', 'bad_response'],
  ])('%d %s → %s', (status, text, state) => {
    expect(classifyFailure(reply(status, text)).state).toBe(state);
  });

  it('says a redirect withheld the key', () => {
    expect(
      classifyFailure({ status: 401, text: '', credentialsWithheldAt: 'https://elsewhere.example' }).message,
    ).toMatch(/key was not sent there/);
  });
});

describe('errorMessageOf', () => {
  it.each([
    ['{"error":"Unauthorized"}', 'Unauthorized'],
    [
      '{"error":{"message":"Insufficient balance","type":"billing_error","code":"INSUFFICIENT_BALANCE"}}',
      'Insufficient balance',
    ],
    ['{"success":false,"message":"无效的令牌"}', '无效的令牌'],
    ['{"code":455,"msg":"maintenance"}', 'maintenance'],
    ['<html><title>Cloudflare 524</title></html>', 'HTML page: Cloudflare 524'],
    ['', null],
    ['{}', null],
  ])('%s → %s', (text, message) => {
    expect(errorMessageOf(text)).toBe(message);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  it('reads seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('99999999', now)).toBe(7 * 24 * 3600);
  });
});
