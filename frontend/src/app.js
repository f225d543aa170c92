// The request handler: routes, the render cache and the revalidation webhook.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { ApiError, createApiClient } from './api.js';
import { createPageCache } from './page-cache.js';
import * as render from './render.js';

// The site's own files, read once: path -> { body, type, etag }.
const ASSETS = new Map(
  [['/styles.css', 'styles.css', 'text/css; charset=utf-8'], ['/favicon.svg', 'favicon.svg', 'image/svg+xml'], ['/favicon.ico', 'favicon.svg', 'image/svg+xml']]
    .map(([path, file, type]) => {
      const body = readFileSync(new URL(`../public/${file}`, import.meta.url));
      return [path, { body, type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` }];
    }),
);
// Every crawler may read every page; previews say noindex themselves (so they are not disallowed here).
const ROBOTS = 'User-agent: *\nAllow: /\n';
// translation.outdated names the translation (data.slug, data.language) whose source went live anew: its page's
// notice changes.
const ARTICLE_EVENTS = new Set([
  'article.published', 'article.updated', 'article.unpublished', 'article.scheduled_live', 'translation.outdated',
]);
const PAGE_SIZE = Number(process.env.LIST_PAGE_SIZE || 20);
const MAX_WEBHOOK_BYTES = 1024 * 1024;
const LANGUAGE_PREFIX = /^\/([a-z]{2,3}(?:-[a-z0-9]{2,8})?)(\/.*|)$/i;

export function createApp(options = {}) {
  const config = {
    apiUrl: options.apiUrl || process.env.CMS_API_URL || 'http://127.0.0.1:8000',
    publicUrl: (options.publicUrl || process.env.PUBLIC_URL || 'http://127.0.0.1:4321').replace(/\/+$/, ''),
    defaultLanguage: options.defaultLanguage || process.env.SITE_DEFAULT_LANGUAGE || 'en',
    languages: options.languages || (process.env.SITE_LANGUAGES || 'en,es').split(',').map((l) => l.trim()).filter(Boolean),
    webhookSecret: options.webhookSecret ?? process.env.CMS_WEBHOOK_SECRET ?? '',
    ttlMs: options.ttlMs ?? Number(process.env.PAGE_CACHE_TTL_SECONDS || 300) * 1000,
  };
  const api = createApiClient({ baseUrl: config.apiUrl });
  // No script runs on these pages (the JSON-LD is data, not run): a policy that allows none. Images come from the
  // API's renditions (RENDITIONS_URL, the API's origin in development) or IMAGE_ORIGINS (space-separated).
  const imageOrigins = [new URL(config.apiUrl).origin, ...(options.imageOrigins ?? process.env.IMAGE_ORIGINS ?? '').split(/\s+/).filter(Boolean)];
  const SECURITY_HEADERS = {
    'Content-Security-Policy': `default-src 'none'; style-src 'self'; connect-src 'self'; img-src 'self' ${imageOrigins.join(' ')}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
  const cache = createPageCache({ ttlMs: config.ttlMs });
  const webhook = config.webhookSecret ? new Webhook(config.webhookSecret) : null;

  const site = {
    defaultLanguage: config.defaultLanguage,
    languages: config.languages,
    // The site's path for a page in a language: the default language unprefixed, the others under /<language>.
    path(language, path) {
      if (!language || language === config.defaultLanguage) return path;
      return `/${language}${path === '/' ? '/' : path}`;
    },
    absolute(path) { return config.publicUrl + path; },
  };

  function send(res, status, body, headers = {}) {
    res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  function sendPage(req, res, page, cacheState) {
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': page.language,
      'Cache-Control': 'no-cache',
      'X-Page-Cache': cacheState,
    };
    if (page.status === 200) {
      headers.ETag = page.etag;
      if (req.headers['if-none-match'] === page.etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    send(res, page.status, page.body, headers);
  }

  function page(status, language, body) {
    return { status, language, body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
  }

  // A page read from the cache, or rendered (then kept when it is a 200) by build(): { status, body, tags }.
  async function cached(req, res, key, language, build) {
    const hit = cache.get(key);
    if (hit) return sendPage(req, res, hit, 'hit');
    const startedAt = cache.generation;
    const built = await build();
    const result = page(built.status, language, built.body);
    if (built.status === 200) cache.set(key, result, built.tags, startedAt);
    return sendPage(req, res, result, 'miss');
  }

  async function routePage(req, res, url) {
    let language = config.defaultLanguage;
    let path = url.pathname;
    const prefixed = path.match(LANGUAGE_PREFIX);
    if (prefixed && !['api', 'healthz'].includes(prefixed[1])) {
      if (prefixed[1] === config.defaultLanguage) {
        // One leading slash whatever was sent: "/en//example.com" must not redirect to another host.
        const target = `/${(prefixed[2] || '').replace(/^[/\\]+/, '')}${url.search}`;
        return send(res, 301, '', { Location: target });
      }
      if (!config.languages.includes(prefixed[1])) return notFound(res, language);
      language = prefixed[1];
      path = prefixed[2] || '/';
    }
    // ?page=N on the home, topic and search pages: the API's page (from 1); not a number, a 404; past the last
    // page, the API's 404.
    const pageParam = url.searchParams.get('page');
    if (pageParam !== null && !/^[1-9][0-9]{0,5}$/.test(pageParam)) return notFound(res, language);
    const pageNumber = Number(pageParam || 1);
    const key = site.path(language, path) + (pageNumber > 1 ? `?page=${pageNumber}` : '');

    if (path === '/') {
      return cached(req, res, key, language, async () => {
        const list = (await api.getJson('/api/v1/articles/', { language, ordering: '-published_at', page_size: PAGE_SIZE, page: pageNumber })).data;
        return { status: 200, body: render.homePage({ site, language, list, pageNumber }), tags: [`list:${language}`] };
      });
    }
    let m = path.match(/^\/articles\/([^/]+)\/?$/);
    if (m) {
      const slug = decodeURIComponent(m[1]);
      return cached(req, res, key, language, async () => {
        const base = `/api/v1/articles/${encodeURIComponent(slug)}/`;
        const [detail, jsonld] = await Promise.all([
          api.getJson(base, { language }),
          api.get(`${base}jsonld/`, { language }).catch((error) => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error))),
        ]);
        const article = detail.data;
        const tags = [`article:${article.language || language}:${article.slug}`];
        for (const tr of article.translations || []) tags.push(`article:${tr.language}:${tr.slug}`);
        return { status: 200, body: render.articlePage({ site, article, jsonldText: jsonld && jsonld.text, language }), tags };
      });
    }
    m = path.match(/^\/preview\/([^/]+)\/?$/);
    if (m && language === config.defaultLanguage) return preview(req, res, decodeURIComponent(m[1]));
    if (path === '/topics' || path === '/topics/') {
      return cached(req, res, key, language, async () => {
        const topics = await allTopics(language);
        return { status: 200, body: render.topicsPage({ site, language, topics }), tags: [`list:${language}`] };
      });
    }
    m = path.match(/^\/topics\/([^/]+)\/?$/);
    if (m) {
      const slug = decodeURIComponent(m[1]);
      return cached(req, res, key, language, async () => {
        const topic = (await allTopics(language)).find((item) => item.slug === slug);
        if (!topic) return { status: 404, body: render.notFoundPage({ site, language }) };
        const list = (await api.getJson('/api/v1/articles/', { language, topic: slug, page_size: PAGE_SIZE, page: pageNumber })).data;
        return { status: 200, body: render.topicPage({ site, language, topic, list, pageNumber }), tags: [`list:${language}`] };
      });
    }
    if (path === '/search' || path === '/search/') {
      const query = {
        q: url.searchParams.get('q') || '',
        topic: url.searchParams.get('topic') || '',
        ordering: url.searchParams.get('ordering') || '',
      };
      const topics = await allTopics(language);
      let list = null;
      let error = null;
      let status = 200;
      if (query.q || query.topic) {
        try {
          list = (await api.getJson('/api/v1/articles/', {
            language, search: query.q, topic: query.topic, ordering: query.ordering, page_size: PAGE_SIZE, page: pageNumber,
          })).data;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 400) throw err;
          error = err.body;
          status = 400;
        }
      }
      // Search results are not kept: every query asks the API (which has its own cache and ETags).
      return sendPage(req, res, page(status, language, render.searchPage({ site, language, query, topics, list, error, pageNumber })), 'bypass');
    }
    return notFound(res, language);
  }

  // /preview/<token>: an editor's preview link (the token from the management API's preview-token, or the admin),
  // rendered from /api/v1/preview/<token>/ at every request: never kept, not indexed, in the draft's language.
  async function preview(req, res, token) {
    const headers = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'no-referrer' };
    let article;
    try {
      article = (await api.getJson(`/api/v1/preview/${encodeURIComponent(token)}/`)).data;
    } catch (error) {
      if (error instanceof ApiError && [404, 410].includes(error.status)) {
        const body = error.status === 410
          ? render.previewGonePage({ site, language: config.defaultLanguage })
          : render.notFoundPage({ site, language: config.defaultLanguage });
        return send(res, error.status, body, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...headers });
      }
      throw error;
    }
    const body = render.articlePage({ site, article, language: article.language || config.defaultLanguage, preview: true });
    return send(res, 200, body, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': article.language || config.defaultLanguage, ...headers });
  }

  async function allTopics(language) {
    return (await api.getJson('/api/v1/topics/', { language, page_size: 100 })).data.results;
  }

  function notFound(res, language) {
    return sendPage(res.req, res, page(404, language, render.notFoundPage({ site, language })), 'bypass');
  }

  async function readBody(req, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > limit) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function json(res, status, value) {
    send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  }

  // POST /api/revalidate: a Standard Webhooks delivery from the CMS. Missing signature headers: 400; a signature
  // that does not verify, or a timestamp more than five minutes away: 401. A verified article event drops the
  // pages that show that article (its page, its translations' pages) and the lists of its language.
  async function revalidate(req, res) {
    if (req.method !== 'POST') return send(res, 405, '', { Allow: 'POST' });
    if (!webhook) return json(res, 503, { detail: 'CMS_WEBHOOK_SECRET is not set.' });
    const body = await readBody(req, MAX_WEBHOOK_BYTES);
    if (body === null) return json(res, 413, { detail: 'Body too large.' });
    const missing = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].filter((name) => !req.headers[name]);
    if (missing.length) return json(res, 400, { detail: `Missing ${missing.join(', ')}.` });
    let event;
    try {
      event = webhook.verify(body, {
        'webhook-id': req.headers['webhook-id'],
        'webhook-timestamp': req.headers['webhook-timestamp'],
        'webhook-signature': req.headers['webhook-signature'],
      });
    } catch (error) {
      return json(res, 401, { detail: `Signature not verified: ${error.message}` });
    }
    if (!event || typeof event !== 'object' || !ARTICLE_EVENTS.has(event.type)) {
      return json(res, 202, { ignored: event && event.type });
    }
    const data = event.data || {};
    const language = data.language || config.defaultLanguage;
    if (typeof data.slug !== 'string' || !data.slug) return json(res, 400, { detail: 'data.slug is missing.' });
    const dropped = cache.invalidate([`article:${language}:${data.slug}`, `list:${language}`]);
    return json(res, 200, { type: event.type, slug: data.slug, language, dropped });
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname === '/api/revalidate') return await revalidate(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', { Allow: 'GET, HEAD' });
      const asset = ASSETS.get(url.pathname);
      if (asset) {
        if (req.headers['if-none-match'] === asset.etag) { res.writeHead(304, { ETag: asset.etag }); return res.end(); }
        return send(res, 200, asset.body, {
          'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff',
        });
      }
      if (url.pathname === '/robots.txt') return send(res, 200, ROBOTS, { 'Content-Type': 'text/plain; charset=utf-8' });
      if (url.pathname === '/healthz') {
        return json(res, 200, {
          status: 'ok', cached_pages: cache.size, api_requests: api.stats.requests, api_not_modified: api.stats.notModified,
        });
      }
      return await routePage(req, res, url);
    } catch (error) {
      // The API's 404, or an address whose %-escapes are not UTF-8 (no page can have it).
      if ((error instanceof ApiError && error.status === 404) || error instanceof URIError) {
        const language = (url.pathname.match(LANGUAGE_PREFIX) || [])[1];
        return notFound(res, config.languages.includes(language) ? language : config.defaultLanguage);
      }
      console.error(error);
      if (res.headersSent) return res.end();
      return sendPage(req, res, page(502, config.defaultLanguage, render.errorPage({ site, language: config.defaultLanguage })), 'bypass');
    }
  }

  return { handle, cache, api, config };
}
