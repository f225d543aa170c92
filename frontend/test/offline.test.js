// The frontend with no API behind it, and without a webhook secret: in this process, no Django.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { createApp } from '../src/app.js';
import { freePort } from './helpers.js';

let server;
let base;

before(async () => {
  const deadPort = await freePort(); // nothing listens there
  const app = createApp({ apiUrl: `http://127.0.0.1:${deadPort}`, webhookSecret: '' });
  server = createServer((req, res) => { app.handle(req, res); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test('an API that does not answer gives a 502 page, not a crash', async () => {
  const response = await fetch(`${base}/articles/anything`);
  assert.equal(response.status, 502);
  assert.match(await response.text(), /<h1>Something went wrong<\/h1>/);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
});

test('without CMS_WEBHOOK_SECRET the webhook answers 503 and drops nothing', async () => {
  const response = await fetch(`${base}/api/revalidate`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 503);
});

test('other methods are refused with Allow, and /en/ paths redirect to the unprefixed ones', async () => {
  const put = await fetch(`${base}/`, { method: 'PUT' });
  assert.equal(put.status, 405);
  assert.equal(put.headers.get('allow'), 'GET, HEAD');
  const en = await fetch(`${base}/en/articles/x?y=1`, { redirect: 'manual' });
  assert.equal(en.status, 301);
  assert.equal(en.headers.get('location'), '/articles/x?y=1');
  const sneaky = await fetch(`${base}/en//example.com/`, { redirect: 'manual' });
  assert.equal(sneaky.headers.get('location'), '/example.com/');
  assert.equal((await fetch(`${base}/fr/`)).status, 404);
  assert.equal((await fetch(`${base}/articles/%E0%A4%A`)).status, 404);
});

test('robots.txt, the favicon and the stylesheet need no API', async () => {
  const robots = await fetch(`${base}/robots.txt`);
  assert.equal(robots.status, 200);
  assert.equal(await robots.text(), 'User-agent: *\nAllow: /\n');
  assert.equal((await fetch(`${base}/favicon.ico`)).headers.get('content-type'), 'image/svg+xml');
  const css = await fetch(`${base}/styles.css`);
  assert.equal(css.status, 200);
  const again = await fetch(`${base}/styles.css`, { headers: { 'If-None-Match': css.headers.get('etag') } });
  assert.equal(again.status, 304);
});
