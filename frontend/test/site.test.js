// The reference frontend over real HTTP, against a real API with the demo content (scripts/test-server.sh).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApiClient } from '../src/api.js';
import { startStack } from './helpers.js';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const VITAMIN_D = 'vitamin-d-deficiency-muscle-twitching';
const VITAMINA_D = 'vitamina-d-contracciones-musculares';
const MAGNESIUM = 'magnesium-deficiency-signs-and-causes';

let stack;

before(async () => { stack = await startStack({ webhookSecret: SECRET }); }, { timeout: 120000 });
after(async () => { if (stack) await stack.stop(); });

async function page(path, init) {
  const response = await fetch(stack.webUrl + path, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

async function apiJson(path) {
  const response = await fetch(stack.apiUrl + path);
  assert.equal(response.status, 200, path);
  return response.json();
}

function signed(event, { secret = SECRET, timestamp = new Date() } = {}) {
  const body = JSON.stringify(event);
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const signature = new Webhook(secret).sign(id, timestamp, body);
  return {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

function articleEvent(type, slug, language = 'en') {
  return { type, timestamp: new Date().toISOString(), data: { slug, language, id: 0, url: '', etag: '', published_at: null } };
}

function decodeEntities(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('reading pages', () => {
  test('the home page lists the demo articles, newest first, with a lang attribute and a skip link', async () => {
    const { status, html } = await page('/');
    assert.equal(status, 200);
    assert.match(html, /<html lang="en"/);
    assert.match(html, /<a class="skip-link" href="#main">/);
    assert.match(html, /<main id="main"/);
    const list = await apiJson('/api/v1/articles/?language=en');
    assert.equal(list.count, 3);
    // Two a page (LIST_PAGE_SIZE in the tests), newest first as the API lists them.
    const second = await page('/?page=2');
    assert.equal(second.status, 200);
    let last = -1;
    for (const [index, article] of list.results.entries()) {
      const shown = index < 2 ? html : second.html;
      const at = shown.indexOf(`href="/articles/${article.slug}"`);
      assert.ok(at > (index === 2 ? -1 : last), `${article.slug} is listed in the API's order`);
      last = at;
    }
    assert.ok(html.includes('<a rel="next" href="/?page=2">'));
    assert.ok(second.html.includes('<a rel="prev" href="/">'));
    assert.ok(!second.html.includes('rel="next"'));
    assert.equal((await page('/?page=3')).status, 404);
    assert.equal((await page('/?page=two')).status, 404);
  });

  test('the vitamin D article shows every part the API gives', async () => {
    const article = await apiJson(`/api/v1/articles/${VITAMIN_D}/`);
    const { status, html } = await page(`/articles/${VITAMIN_D}`);
    assert.equal(status, 200);
    const text = decodeEntities(html);
    assert.ok(text.includes(`<h1>${article.title}</h1>`));
    assert.match(html, /<h2 id="summary-heading">Quick summary<\/h2>/);
    assert.ok(text.includes(article.summary));
    for (const point of article.key_points) assert.ok(text.includes(point.text), point.title);
    for (const item of article.table_of_contents) assert.ok(html.includes(`<a href="#${item.anchor}">`), item.anchor);
    for (const section of article.sections) {
      assert.ok(text.includes(`<h2 id="${section.anchor}">${section.heading}</h2>`), section.heading);
    }
    for (const row of article.cause_comparisons) assert.ok(text.includes(`<th scope="row">${row.cause}</th>`), row.cause);
    for (const faq of article.faqs) assert.ok(text.includes(faq.question), faq.question);
    assert.ok(text.includes(article.disclaimer));
    assert.ok(text.includes(`${article.medical_reviewer.name}, ${article.medical_reviewer.credentials}`));
    for (const author of article.authors) assert.ok(text.includes(author.name));
    assert.match(html, /Medically reviewed on<\/dt><dd><time datetime="[^"]+">/);
    assert.ok(html.includes(`<dt>Next review</dt><dd><time datetime="${article.next_review_due}">`));
    // The hero image, with a srcset of the API's renditions.
    assert.ok(article.hero_image);
    assert.match(html, /<img src="[^"]+" srcset="[^"]+ 320w, [^"]+ 640w/);
    assert.ok(html.includes(article.hero_image.renditions[0].url));
  });

  test('citation markers and numbered references link both ways', async () => {
    const article = await apiJson(`/api/v1/articles/${VITAMIN_D}/`);
    const { html } = await page(`/articles/${VITAMIN_D}`);
    assert.ok(article.references.length >= 3);
    for (const ref of article.references) {
      assert.ok(html.includes(`<li id="ref-${ref.number}" value="${ref.number}">`), `ref-${ref.number} is a target`);
    }
    const markers = [...html.matchAll(/<a id="(cite-(\d+)-\d+)" href="#ref-(\d+)"/g)];
    assert.ok(markers.length > 0);
    for (const [, id, number, target] of markers) {
      assert.equal(number, target);
      assert.ok(html.includes(`id="ref-${target}"`), `#ref-${target} exists`);
      assert.ok(html.includes(`href="#${id}"`), `reference ${target} links back to ${id}`);
    }
    // Every id is unique.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('the JSON-LD is embedded and equals the API\'s', async () => {
    const apiJsonld = await apiJson(`/api/v1/articles/${VITAMIN_D}/jsonld/`);
    const { html } = await page(`/articles/${VITAMIN_D}`);
    const scripts = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.deepEqual(JSON.parse(scripts[0][1]), apiJsonld);
  });

  test('the Spanish article has lang="es" and hreflang links both ways', async () => {
    const es = await page(`/es/articles/${VITAMINA_D}`);
    assert.equal(es.status, 200);
    assert.match(es.html, /<html lang="es"/);
    assert.match(es.html, /<h2 id="summary-heading">Resumen rápido<\/h2>/);
    assert.ok(es.html.includes(`<link rel="alternate" hreflang="en" href="${stack.webUrl}/articles/${VITAMIN_D}">`));
    assert.ok(es.html.includes(`<link rel="alternate" hreflang="es" href="${stack.webUrl}/es/articles/${VITAMINA_D}">`));
    const en = await page(`/articles/${VITAMIN_D}`);
    assert.ok(en.html.includes(`<link rel="alternate" hreflang="es" href="${stack.webUrl}/es/articles/${VITAMINA_D}">`));
    assert.ok(en.html.includes(`<link rel="alternate" hreflang="x-default" href="${stack.webUrl}/articles/${VITAMIN_D}">`));
    // The demo's Spanish hypocalcemia article is behind its source, which was published again after it.
    const behind = await page('/es/articles/hipocalcemia-calcio-bajo-en-la-sangre');
    assert.equal(behind.status, 200);
    assert.ok(behind.html.includes('<p class="notice">El artículo original se actualizó después de hacer esta traducción.</p>'));
    // The Spanish slug asked for in English is the API's 404.
    assert.equal((await page(`/articles/${VITAMINA_D}`)).status, 404);
  });

  test('topic pages list the topic\'s articles', async () => {
    const topics = await page('/topics');
    assert.equal(topics.status, 200);
    assert.ok(topics.html.includes('href="/topics/electrolytes"'));
    const electrolytes = await page('/topics/electrolytes');
    assert.equal(electrolytes.status, 200);
    const more = await page('/topics/electrolytes?page=2');
    assert.equal(more.status, 200);
    assert.ok((electrolytes.html + more.html).includes(`href="/articles/${VITAMIN_D}"`));
    assert.equal((await page('/topics/no-such-topic')).status, 404);
  });

  test('search finds an article through the list API\'s search, and a bad parameter is a 400', async () => {
    const found = await page('/search?q=vit+d&ordering=title');
    assert.equal(found.status, 200);
    assert.ok(found.html.includes(`href="/articles/${VITAMIN_D}"`));
    assert.match(found.html, /<label for="q">/);
    const filtered = await page(`/search?q=calcium&topic=magnesium-deficiency`);
    assert.ok(!filtered.html.includes(`href="/articles/${VITAMIN_D}"`));
    const es = await page('/es/search?q=vitamina');
    assert.ok(es.html.includes(`href="/es/articles/${VITAMINA_D}"`));
    assert.equal((await page('/search?q=x&ordering=nonsense')).status, 400);
  });

  test('pages allow no script and images only from the API', async () => {
    const { headers } = await page(`/articles/${VITAMIN_D}`);
    const policy = headers.get('content-security-policy');
    assert.match(policy, /default-src 'none'/);
    assert.ok(policy.includes(`img-src 'self' ${stack.apiUrl};`));
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
  });

  test('an unknown slug is a 404 page', async () => {
    const { status, html } = await page('/articles/no-such-article');
    assert.equal(status, 404);
    assert.match(html, /<h1>Page not found<\/h1>/);
    assert.equal((await page('/nowhere')).status, 404);
  });

  test('the API client sends If-None-Match and reuses the body on a 304', async () => {
    const client = createApiClient({ baseUrl: stack.apiUrl });
    const first = await client.getJson(`/api/v1/articles/${VITAMIN_D}/`);
    assert.equal(first.notModified, false);
    assert.ok(first.etag);
    const second = await client.getJson(`/api/v1/articles/${VITAMIN_D}/`);
    assert.equal(second.notModified, true);
    assert.deepEqual(second.data, first.data);
  });
});

describe('preview links', () => {
  test('a preview token shows the draft, never kept or indexed; revoked, it is a 410', async () => {
    const made = await manage('POST', `/articles/${VITAMIN_D}/preview-token/`, {});
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const path = `/preview/${encodeURIComponent(made.body.token)}`;
    const shown = await page(path);
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get('cache-control'), 'private, no-store');
    assert.match(shown.html, /<meta name="robots" content="noindex, nofollow">/);
    assert.match(shown.html, /class="notice preview" role="status">Preview: this version is not published/);
    assert.match(shown.html, /<h1>Can vitamin D deficiency cause muscle twitching\?<\/h1>/);
    assert.ok(!shown.html.includes('application/ld+json'));
    assert.ok(!shown.html.includes('rel="canonical"'));
    const revoked = await manage('POST', `/articles/${VITAMIN_D}/preview-token/revoke/`, {});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal((await page(path)).status, 410);
    assert.equal((await page('/preview/not-a-token')).status, 404);
  });
});

describe('revalidation webhook', () => {
  test('a missing signature is a 400, a bad or old one a 401', async () => {
    const event = articleEvent('article.updated', VITAMIN_D);
    assert.equal((await page('/api/revalidate', { method: 'POST', body: JSON.stringify(event) })).status, 400);
    const wrongSecret = signed(event, { secret: `whsec_${randomBytes(24).toString('base64')}` });
    assert.equal((await page('/api/revalidate', wrongSecret)).status, 401);
    const tampered = signed(event);
    tampered.body = tampered.body.replace('article.updated', 'article.published');
    assert.equal((await page('/api/revalidate', tampered)).status, 401);
    const old = signed(event, { timestamp: new Date(Date.now() - 3600 * 1000) });
    assert.equal((await page('/api/revalidate', old)).status, 401);
    assert.equal((await page('/api/revalidate')).status, 405);
  });

  test('a signed event drops the article\'s cached page; it is made again with conditional API requests', async () => {
    await page(`/articles/${VITAMIN_D}`);
    assert.equal((await page(`/articles/${VITAMIN_D}`)).headers.get('x-page-cache'), 'hit');
    const before = await (await fetch(`${stack.webUrl}/healthz`)).json();
    const response = await page('/api/revalidate', signed(articleEvent('article.updated', VITAMIN_D)));
    assert.equal(response.status, 200);
    assert.ok(JSON.parse(response.html).dropped.includes(`/articles/${VITAMIN_D}`));
    const again = await page(`/articles/${VITAMIN_D}`);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-page-cache'), 'miss');
    // The detail and the JSON-LD were asked with If-None-Match and answered 304: nothing changed.
    const after = await (await fetch(`${stack.webUrl}/healthz`)).json();
    assert.equal(after.api_not_modified - before.api_not_modified, 2);
  });

  test('an article unpublished through the management API 404s once the CMS delivers its webhook', async () => {
    assert.equal((await page(`/articles/${MAGNESIUM}`)).status, 200);
    assert.ok((await page('/')).html.includes(`href="/articles/${MAGNESIUM}"`));
    await transition(MAGNESIUM, 'unpublish');
    // The API's task worker sends article.unpublished (signed with the endpoint's secret) within a second or two.
    await eventually(async () => (await page(`/articles/${MAGNESIUM}`)).status === 404, 'the page 404s');
    assert.ok(!(await page('/')).html.includes(`href="/articles/${MAGNESIUM}"`));
  });

  test('published again, it is back on the home page once the webhook arrives', async () => {
    assert.equal((await page('/')).headers.get('x-page-cache'), 'hit');
    // Not by the publisher who approved it (separation of duties): by the admin.
    await transition(MAGNESIUM, 'republish', stack.adminToken);
    await eventually(async () => (await page('/')).html.includes(`href="/articles/${MAGNESIUM}"`), 'listed again');
    assert.equal((await page(`/articles/${MAGNESIUM}`)).status, 200);
  });
});

async function manage(method, path, body, token = stack.publisherToken) {
  const response = await fetch(`${stack.apiUrl}/api/v1/manage${path}`, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function transition(slug, action, token = stack.publisherToken) {
  const response = await fetch(`${stack.apiUrl}/api/v1/manage/articles/${slug}/transitions/`, {
    method: 'POST',
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json', 'If-Match': '*' },
    body: JSON.stringify({ action, comment: 'By the frontend tests.' }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function eventually(check, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`Not within ${timeoutMs} ms: ${what}`);
}
