import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../src/main/app-protocol-paths.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp.ts';

const root = path.resolve('/opt/burnrate/renderer');

describe('resolveAppAsset', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'burnrate://app/')).toEqual({
      file: path.join(root, 'index.html'),
      mime: 'text/html; charset=utf-8',
    });
    expect(resolveAppAsset(root, 'burnrate://app/assets/index-abc.js')?.file).toBe(
      path.join(root, 'assets/index-abc.js'),
    );
    expect(resolveAppAsset(root, 'burnrate://app/assets/index.css?v=1')?.mime).toBe('text/css; charset=utf-8');
  });

  it('keeps dot segments inside the folder (the URL parser collapses them first)', () => {
    for (const url of ['burnrate://app/../../etc/passwd', 'burnrate://app/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveAppAsset(root, url)?.file).toBe(path.join(root, 'etc/passwd'));
    }
  });

  it.each([
    'burnrate://app/assets/..%2f..%2f..%2fetc/passwd',
    'burnrate://app/assets%5c..%5c..%5csecret',
    'burnrate://app/index.html%00.png',
    'burnrate://other/index.html',
    'https://app/index.html',
    'burnrate://app/%E0%A4%A',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });
});

describe('the content security policy', () => {
  it('allows only our own scripts and no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});
