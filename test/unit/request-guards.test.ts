import { describe, expect, it } from 'vitest';
import { checkSameOrigin } from '@/lib/api/handler';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { clientAddress, PEER_HEADER } from '@/lib/net/client-address';
import { contentSecurityPolicy } from '@/proxy';

describe('where sign-in may send a user', () => {
  it.each([
    ['/map', '/map'],
    ['/events?kind=crossings&zone=1#top', '/events?kind=crossings&zone=1#top'],
    ['/wall', '/wall'],
  ])('keeps the same-site path %s', (input, expected) => expect(safeCallbackPath(input)).toBe(expected));

  it.each(['/\\evil.example', '/%5Cevil.example', '/%09/evil.example', '/\t/evil.example', '//evil.example', 'https://evil.example/map', 'javascript:alert(1)', '/login', '/api/layers/cameras', '', 'map', '\\\\evil.example'])(
    'refuses %j',
    (input) => expect(safeCallbackPath(input)).toBe('/'),
  );

  it('accepts this site’s own absolute URL and nothing else', () => {
    expect(safeCallbackPath('http://vigil.local:3000/cameras', 'http://vigil.local:3000')).toBe('/cameras');
    expect(safeCallbackPath('http://vigil.local:4000/cameras', 'http://vigil.local:3000')).toBe('/');
  });
});

describe('cross-site request forgery', () => {
  const req = (method: string, headers: Record<string, string>) => new Request('http://vigil.local:3000/api/cameras/x/retire', { method, headers: { host: 'vigil.local:3000', ...headers } });
  it('refuses state changes from another origin, even another port of the same host', () => {
    expect(() => checkSameOrigin(req('POST', { origin: 'http://vigil.local:4000', 'content-type': 'application/json' }))).toThrow(/Cross-site/);
    expect(() => checkSameOrigin(req('POST', { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }))).toThrow(/Cross-site/);
    expect(() => checkSameOrigin(req('DELETE', { 'sec-fetch-site': 'cross-site' }))).toThrow(/Cross-site/);
  });
  it('refuses bodies that are not JSON (what a form can send)', () => {
    expect(() => checkSameOrigin(req('POST', { origin: 'http://vigil.local:3000', 'content-type': 'text/plain' }))).toThrow(/application\/json/);
    expect(() => checkSameOrigin(req('POST', { origin: 'http://vigil.local:3000' }))).toThrow(/application\/json/);
  });
  it('lets the site’s own pages and non-browser clients through, and never checks reads', () => {
    expect(() => checkSameOrigin(req('POST', { origin: 'http://vigil.local:3000', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' }))).not.toThrow();
    expect(() => checkSameOrigin(req('PATCH', { 'content-type': 'application/json' }))).not.toThrow();
    expect(() => checkSameOrigin(req('GET', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }))).not.toThrow();
  });
});

describe('the client’s address', () => {
  const flag = Symbol.for('vigil.peer-header');
  it('is the connection’s own unless it comes through a trusted proxy', () => {
    process.env.TRUSTED_PROXIES = '10.9.0.0/16';
    (globalThis as Record<symbol, unknown>)[flag] = true;
    const h = (peer: string, xff?: string) => new Headers({ [PEER_HEADER]: peer, ...(xff ? { 'x-forwarded-for': xff } : {}) });
    expect(clientAddress(h('203.0.113.5', '1.2.3.4'))).toBe('203.0.113.5');
    expect(clientAddress(h('::ffff:203.0.113.5'))).toBe('203.0.113.5');
    expect(clientAddress(h('10.9.0.1', '1.2.3.4'))).toBe('1.2.3.4');
    // A client's own X-Forwarded-For entries before the trusted hops are not believed past the first untrusted one.
    expect(clientAddress(h('10.9.0.1', '6.6.6.6, 198.51.100.7, 10.9.0.2'))).toBe('198.51.100.7');
    expect(clientAddress(h('10.9.0.1', 'garbage'))).toBe('10.9.0.1');
    delete (globalThis as Record<symbol, unknown>)[flag];
    expect(clientAddress(h('203.0.113.5'))).toBeNull();
  });
});

describe('content security policy', () => {
  it('allows only this response’s scripts, the workers and media blobs the map and player need', () => {
    const csp = contentSecurityPolicy('abc', { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('abc', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });
});
