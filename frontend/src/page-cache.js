// The render cache: whole pages kept by path, each with the tags of the content it shows, dropped by tag when a
// webhook says that content changed, or after its time to live.

export function createPageCache({ ttlMs = 300000, maxEntries = 500 } = {}) {
  const pages = new Map(); // path -> { status, body, etag, tags: Set, expires }
  // Counts the invalidations. A page whose rendering began before one is not kept: it may show what the webhook
  // said is gone (a render that read the API just before an unpublish and finished after its webhook).
  let generation = 0;

  return {
    get(path) {
      const page = pages.get(path);
      if (!page) return null;
      if (page.expires <= Date.now()) { pages.delete(path); return null; }
      return page;
    },
    get generation() { return generation; },
    set(path, page, tags, startedAt = generation) {
      if (startedAt !== generation) return false;
      if (pages.size >= maxEntries) pages.delete(pages.keys().next().value);
      pages.set(path, { ...page, tags: new Set(tags), expires: Date.now() + ttlMs });
      return true;
    },
    invalidate(tags) {
      generation += 1;
      const dropped = [];
      for (const [path, page] of pages) {
        if (tags.some((tag) => page.tags.has(tag))) { pages.delete(path); dropped.push(path); }
      }
      return dropped;
    },
    clear() { pages.clear(); },
    get size() { return pages.size; },
  };
}
