import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPageCache } from '../src/page-cache.js';

test('invalidate drops the pages with a tag, and only those', () => {
  const cache = createPageCache();
  cache.set('/articles/a', { body: 'a' }, ['article:en:a', 'article:es:a-es']);
  cache.set('/', { body: 'home' }, ['list:en']);
  cache.set('/es/', { body: 'inicio' }, ['list:es']);
  assert.deepEqual(cache.invalidate(['article:es:a-es', 'list:es']), ['/articles/a', '/es/']);
  assert.equal(cache.get('/').body, 'home');
  assert.equal(cache.get('/articles/a'), null);
});

test('a page rendered across an invalidation is not kept', () => {
  const cache = createPageCache();
  const startedAt = cache.generation;
  cache.invalidate(['article:en:a']); // the webhook arrives while the page is rendered
  assert.equal(cache.set('/articles/a', { body: 'stale' }, ['article:en:a'], startedAt), false);
  assert.equal(cache.get('/articles/a'), null);
  assert.equal(cache.set('/articles/a', { body: 'fresh' }, ['article:en:a'], cache.generation), true);
});

test('a page expires after its time to live', async () => {
  const cache = createPageCache({ ttlMs: 20 });
  cache.set('/', { body: 'home' }, ['list:en']);
  assert.ok(cache.get('/'));
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(cache.get('/'), null);
});
