import { describe, expect, it } from 'vitest';
import { checkRequest, type RequestFacts } from '../../main/server/request-policy';
import { staticFileFor } from '../../main/server/static-files';

const token = 'tok_3f9a1c2b7d';
const port = 41234;
const req = (over: Partial<RequestFacts> & { headers?: RequestFacts['headers'] }): RequestFacts => ({
  method: 'POST', url: '/api/search', ...over, headers: { host: `127.0.0.1:${port}`, ...over.headers },
});

describe('the loopback request policy', () => {
  const allowed: Array<[string, RequestFacts]> = [
    ['an API call with the token header', req({ headers: { 'x-sourcebook-token': token } })],
    ['an API call with the token header beside a shadowing cookie', req({ headers: { 'x-sourcebook-token': token, cookie: 'sourcebook_token=planted-by-another-port' } })],
    ['the printed URL for the page (the page itself holds no data)', req({ method: 'GET', url: `/?token=${token}`, headers: {} })],
    ['a deep link into the page without a token', req({ method: 'GET', url: '/open?link=sourcebook%3A%2F%2Fannotation%2Fa1', headers: {} })],
    ['localhost as Host', req({ headers: { host: `localhost:${port}`, 'x-sourcebook-token': token } })],
    ['our own Origin', req({ headers: { origin: `http://127.0.0.1:${port}`, 'x-sourcebook-token': token } })],
  ];
  it.each(allowed)('allows %s', (_, facts) => {
    expect(checkRequest(facts, { token, port }).allow).toBe(true);
  });

  it('tells a missing key from a wrong one', () => {
    expect(checkRequest(req({}), { token, port })).toMatchObject({ allow: false, reason: expect.stringMatching(/no key/) });
    expect(checkRequest(req({ headers: { 'x-sourcebook-token': 'x' } }), { token, port })).toMatchObject({ allow: false, reason: expect.stringMatching(/wrong key/) });
  });

  const refused: Array<[string, RequestFacts, number]> = [
    ['no token at all', req({}), 403],
    ['a wrong token', req({ headers: { 'x-sourcebook-token': 'tok_3f9a1c2b7e' } }), 403],
    ['a token prefix', req({ headers: { 'x-sourcebook-token': token.slice(0, -1) } }), 403],
    ['the query token on an API call', req({ url: `/api/search?token=${token}` }), 403],
    ['the token as a cookie (cookies reach every loopback port)', req({ headers: { cookie: `sourcebook_token=${token}` } }), 403],
    ['the token as a cookie for the event stream', req({ method: 'GET', url: '/api/events', headers: { cookie: `sourcebook_token=${token}` } }), 403],
    ['a POST to the page', req({ url: `/?token=${token}` }), 405],
    ['a DNS-rebinding Host', req({ headers: { host: `evil.example:${port}`, 'x-sourcebook-token': token } }), 421],
    ['another port in Host', req({ headers: { host: `127.0.0.1:1`, 'x-sourcebook-token': token } }), 421],
    ['no Host header', { method: 'GET', url: '/', headers: {} }, 421],
    ['a foreign Origin with the token', req({ headers: { origin: 'https://evil.example', 'x-sourcebook-token': token } }), 403],
    ['another loopback port as Origin', req({ headers: { origin: `http://127.0.0.1:${port + 1}`, 'x-sourcebook-token': token } }), 403],
    ['a null Origin', req({ headers: { origin: 'null', 'x-sourcebook-token': token } }), 403],
    ['a cross-site fetch', req({ headers: { 'sec-fetch-site': 'cross-site', 'x-sourcebook-token': token } }), 403],
    ['a same-site fetch from another loopback port', req({ headers: { 'sec-fetch-site': 'same-site', 'x-sourcebook-token': token } }), 403],
  ];
  it.each(refused)('refuses %s', (_, facts, status) => {
    expect(checkRequest(facts, { token, port })).toMatchObject({ allow: false, status });
  });
});

describe('serving the renderer files', () => {
  const root = '/srv/renderer';
  it('serves the page and its assets with their types', () => {
    expect(staticFileFor(root, '/')).toEqual({ file: '/srv/renderer/index.html', type: 'text/html; charset=utf-8' });
    expect(staticFileFor(root, '/app.js')?.type).toMatch(/javascript/);
  });
  it.each([
    '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fsecret.js', '/a/../../x.js', '/.env', '/app.js%00.html',
    '/..\\..\\windows.js', '/%E0%A4%A', '/server.ts', '/secret',
  ])('refuses %s', (url) => {
    expect(staticFileFor(root, url)).toBeNull();
  });
});
