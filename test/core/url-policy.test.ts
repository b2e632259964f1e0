import { describe, expect, it } from 'vitest';
import { checkBaseUrl, isLoopbackHost, sameOrigin, UrlPolicyError } from '../../src/core/net/url-policy.ts';

describe('checkBaseUrl', () => {
  it.each([
    ['https://api.cheapaiapi.com/', 'https://api.cheapaiapi.com'],
    ['https://relay.example.com/v1', 'https://relay.example.com/v1'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://127.1.2.3:80/api', 'http://127.1.2.3/api'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s', (input, normalised) => {
    expect(checkBaseUrl(input)).toBe(normalised);
  });

  it.each([
    ['http://example.com', /https/],
    ['http://127.0.0.1.evil.com', /https/],
    ['http://localhost.evil.com', /https/],
    ['http://evil.localhost:8080', /under \.localhost is resolved like any other/],
    ['http://app.localhost', /https/],
    ['http://localhost.:3000', /https/],
    ['http://10.0.0.5', /https/],
    ['file:///etc/passwd', /https/],
    ['javascript:alert(1)', /https/],
    ['https://a:b@example.com', /user name or password/],
    ['https://example.com/?key=sk-123', /query string/],
    ['https://example.com/#x', /fragment/],
    ['example.com', /not a valid URL/],
  ])('refuses %s', (input, message) => {
    expect(() => checkBaseUrl(input)).toThrow(UrlPolicyError);
    expect(() => checkBaseUrl(input)).toThrow(message);
  });
});

describe('isLoopbackHost and sameOrigin', () => {
  it('knows loopback names', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::ffff:7f00:1]')).toBe(true);
    // A name under .localhost goes through the ordinary resolver: not trusted by name.
    expect(isLoopbackHost('app.localhost')).toBe(false);
    expect(isLoopbackHost('localhost.')).toBe(false);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
  it('compares origins', () => {
    expect(sameOrigin('https://a.com/x', 'https://a.com:443/y')).toBe(true);
    expect(sameOrigin('https://a.com/x', 'https://b.a.com/x')).toBe(false);
    expect(sameOrigin('https://a.com/x', 'http://a.com/x')).toBe(false);
  });
});
