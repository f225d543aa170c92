// The public API client: GETs with conditional requests. Each answer with an ETag is kept (by URL), and the next
// GET of that URL sends If-None-Match; a 304 reuses the kept body. Nothing here reads a credential.

export class ApiError extends Error {
  constructor(status, body, url) {
    super(`API ${status} for ${url}`);
    this.status = status;
    this.body = body;
    this.url = url;
  }
}

export function createApiClient({ baseUrl, timeoutMs = 10000, maxEntries = 1000 } = {}) {
  const base = baseUrl.replace(/\/+$/, '');
  const kept = new Map(); // url -> { etag, text, contentType }
  const stats = { requests: 0, notModified: 0 };

  async function get(path, params = {}) {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const href = url.href;
    const headers = { Accept: 'application/json, application/ld+json' };
    const previous = kept.get(href);
    if (previous) headers['If-None-Match'] = previous.etag;
    stats.requests += 1;
    const response = await fetch(href, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 304 && previous) {
      stats.notModified += 1;
      await response.arrayBuffer();
      return { text: previous.text, status: 200, notModified: true, etag: previous.etag };
    }
    const text = await response.text();
    if (!response.ok) {
      kept.delete(href);
      let body = null;
      try { body = JSON.parse(text); } catch { body = { detail: text.slice(0, 200) }; }
      throw new ApiError(response.status, body, href);
    }
    const etag = response.headers.get('etag');
    // A response the API says not to store (a preview) is never kept.
    if (etag && !/no-store/i.test(response.headers.get('cache-control') || '')) {
      if (kept.size >= maxEntries) kept.delete(kept.keys().next().value);
      kept.set(href, { etag, text });
    }
    return { text, status: response.status, notModified: false, etag };
  }

  async function getJson(path, params) {
    const result = await get(path, params);
    return { ...result, data: JSON.parse(result.text) };
  }

  return { get, getJson, stats, forget: (prefix) => { for (const k of kept.keys()) if (k.includes(prefix)) kept.delete(k); } };
}
