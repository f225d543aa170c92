// HTML for each page, as strings. Text from the API is escaped; the API's sanitized HTML (intro_html, body_html,
// answer_html) is inserted as given, the citation markers only gaining an id each for the references' back-links.
import { t } from './i18n.js';

export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const e = escapeHtml;

// JSON inside <script>: the API's text, with <, > and & written as JSON escapes so that no "</script>" can end the
// element early; JSON.parse reads the same value.
export function jsonForScript(text) {
  return text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function formatDate(value, language) {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return e(value);
  let text;
  try {
    text = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    text = date.toISOString().slice(0, 10);
  }
  return `<time datetime="${e(value)}">${e(text)}</time>`;
}

export function layout({ site, language, dir = 'ltr', title, description, head = '', body, alternates = [] }) {
  const s = t(language);
  const home = site.path(language, '/');
  const otherLanguages = site.languages.filter((l) => l !== language);
  return `<!doctype html>
<html lang="${e(language)}" dir="${e(dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · ${e(s.siteName)}</title>
<meta name="description" content="${e(description || s.siteDescription)}">
<link rel="stylesheet" href="/styles.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${alternates.map((a) => `<link rel="alternate" hreflang="${e(a.hreflang)}" href="${e(a.href)}">`).join('\n')}
${head}
</head>
<body>
<a class="skip-link" href="#main">${e(s.skip)}</a>
<header class="site-header">
<a class="site-name" href="${e(home)}">${e(s.siteName)}</a>
<nav aria-label="${e(s.mainNav)}">
<ul>
<li><a href="${e(home)}">${e(s.home)}</a></li>
<li><a href="${e(site.path(language, '/topics'))}">${e(s.topics)}</a></li>
<li><a href="${e(site.path(language, '/search'))}">${e(s.search)}</a></li>
${otherLanguages.map((l) => `<li><a href="${e(site.path(l, '/'))}" hreflang="${e(l)}" lang="${e(l)}">${e(t(l).languageNames[l] || l)}</a></li>`).join('\n')}
</ul>
</nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site-footer"><p>${e(s.siteName)} · <a href="${e(home)}">${e(s.home)}</a></p></footer>
</body>
</html>
`;
}

function person(p) {
  if (!p) return '';
  return `${e(p.name)}${p.credentials ? `, ${e(p.credentials)}` : ''}`;
}

function topicLinks(site, language, topics) {
  if (!topics || !topics.length) return '';
  return `<ul class="topics">${topics.map((topic) => `<li><a href="${e(site.path(language, `/topics/${encodeURIComponent(topic.slug)}`))}">${e(topic.name)}</a></li>`).join('')}</ul>`;
}

export function articleCard(site, language, article, headingLevel = 2) {
  const s = t(language);
  const h = `h${headingLevel}`;
  return `<li class="card">
<article>
<${h}><a href="${e(site.path(article.language || language, `/articles/${encodeURIComponent(article.slug)}`))}">${e(article.title)}</a></${h}>
${article.subtitle ? `<p class="subtitle">${e(article.subtitle)}</p>` : ''}
<p>${e(article.summary)}</p>
<p class="meta">${e(s.reviewedOn)} ${formatDate(article.last_reviewed_at, language)} · ${e(s.readingTime(article.reading_time_minutes))}</p>
${topicLinks(site, language, article.topics)}
</article>
</li>`;
}

function picture(image, { sizes = '(min-width: 60rem) 56rem, 100vw', eager = false } = {}) {
  const byFormat = {};
  for (const r of image.renditions || []) {
    // Crops (a width with another aspect ratio) are left out of the srcset: the same picture at several widths only.
    if (image.width && image.height && Math.abs(r.width / r.height - image.width / image.height) > 0.02) continue;
    (byFormat[r.format] ||= []).push(r);
  }
  const srcset = (list) => list.sort((a, b) => a.width - b.width).map((r) => `${r.url} ${r.width}w`).join(', ');
  const fallbackList = byFormat.jpeg || byFormat.jpg || byFormat.webp || byFormat.avif || [];
  if (!fallbackList.length) return '';
  const fallback = [...fallbackList].sort((a, b) => a.width - b.width);
  const src = fallback.find((r) => r.width >= 960) || fallback[fallback.length - 1];
  const sources = ['avif', 'webp']
    .filter((format) => byFormat[format] && byFormat[format] !== fallbackList)
    .map((format) => `<source type="image/${format}" srcset="${e(srcset(byFormat[format]))}" sizes="${e(sizes)}">`)
    .join('');
  const alt = image.decorative ? '' : image.alt_text;
  return `<picture>${sources}<img src="${e(src.url)}" srcset="${e(srcset(fallback))}" sizes="${e(sizes)}" width="${e(src.width)}" height="${e(src.height)}" alt="${e(alt)}"${eager ? ' fetchpriority="high"' : ' loading="lazy"'} decoding="async"></picture>`;
}

// Gives each citation marker (<a href="#ref-N">, as the API writes it) an id, and notes it for reference N's
// back-links.
function markCitations(html, backlinks) {
  return String(html || '').replace(/<a href="#ref-(\d+)"/g, (match, number) => {
    const list = (backlinks[number] ||= []);
    const id = `cite-${number}-${list.length + 1}`;
    list.push(id);
    return `<a id="${id}" href="#ref-${number}"`;
  });
}

export function articlePage({ site, article, jsonldText, language, preview = false }) {
  const s = t(article.language || language);
  const lang = article.language || language;
  const backlinks = {};
  const intro = markCitations(article.intro_html, backlinks);
  const sections = (article.sections || []).map((section) => ({ ...section, html: markCitations(section.body_html, backlinks) }));
  const faqs = (article.faqs || []).map((faq) => ({ ...faq, html: markCitations(faq.answer_html, backlinks) }));

  const selfUrl = site.absolute(site.path(lang, `/articles/${encodeURIComponent(article.slug)}`));
  const alternates = [{ hreflang: lang, href: selfUrl }];
  for (const tr of article.translations || []) {
    alternates.push({ hreflang: tr.language, href: site.absolute(site.path(tr.language, `/articles/${encodeURIComponent(tr.slug)}`)) });
  }
  const defaultVersion = alternates.find((a) => a.hreflang === site.defaultLanguage);
  if (alternates.length > 1 && defaultVersion) alternates.push({ hreflang: 'x-default', href: defaultVersion.href });

  const hero = article.hero_image;
  const reviewer = article.medical_reviewer;
  const body = `${preview ? `<p class="notice preview" role="status">${e(s.previewNotice)}</p>` : ''}<article class="article">
<header class="article-header">
<h1>${e(article.title)}</h1>
${article.subtitle ? `<p class="subtitle">${e(article.subtitle)}</p>` : ''}
${article.sponsored ? `<p class="badge">${e(s.sponsored)}</p>` : ''}
<dl class="byline">
${(article.authors || []).length ? `<div><dt>${e(s.by)}</dt><dd>${article.authors.map(person).join(', ')}</dd></div>` : ''}
${reviewer ? `<div><dt>${e(s.reviewedBy)}</dt><dd class="reviewer">${person(reviewer)}</dd></div>` : ''}
${article.last_reviewed_at ? `<div><dt>${e(s.reviewedOn)}</dt><dd>${formatDate(article.last_reviewed_at, lang)}</dd></div>` : ''}
${article.next_review_due ? `<div><dt>${e(s.nextReview)}</dt><dd>${formatDate(article.next_review_due, lang)}</dd></div>` : ''}
${article.published_at ? `<div><dt>${e(s.published)}</dt><dd>${formatDate(article.published_at, lang)}</dd></div>` : ''}
${article.updated_at && article.updated_at !== article.published_at ? `<div><dt>${e(s.updated)}</dt><dd>${formatDate(article.updated_at, lang)}</dd></div>` : ''}
</dl>
<p class="meta">${e(s.readingTime(article.reading_time_minutes))}</p>
${topicLinks(site, lang, article.topics)}
${article.source_updated_since_translation ? `<p class="notice">${e(s.behindSource)}</p>` : ''}
${(article.translations || []).length ? `<p class="translations">${e(s.otherLanguages)}: ${article.translations.map((tr) => `<a href="${e(site.path(tr.language, `/articles/${encodeURIComponent(tr.slug)}`))}" hreflang="${e(tr.language)}" lang="${e(tr.language)}">${e(tr.title)}</a>`).join(', ')}</p>` : ''}
</header>
${hero ? `<figure class="hero">${picture(hero, { eager: true })}${hero.caption || hero.credit ? `<figcaption>${e(hero.caption)}${hero.credit ? ` <span class="credit">${e(hero.credit)}${hero.licence ? ` (${e(hero.licence)})` : ''}</span>` : ''}</figcaption>` : ''}</figure>` : ''}
<section class="summary" aria-labelledby="summary-heading">
<h2 id="summary-heading">${e(s.summary)}</h2>
<p>${e(article.summary)}</p>
</section>
${(article.key_points || []).length ? `<section class="key-points" aria-labelledby="key-points-heading">
<h2 id="key-points-heading">${e(s.keyPoints)}</h2>
<ul>${article.key_points.map((k) => `<li>${k.title ? `<strong>${e(k.title)}.</strong> ` : ''}${e(k.text)}</li>`).join('')}</ul>
</section>` : ''}
${(article.table_of_contents || []).length ? `<nav class="toc" aria-labelledby="toc-heading">
<h2 id="toc-heading">${e(s.contents)}</h2>
<ol>${article.table_of_contents.map((item) => `<li><a href="#${e(item.anchor)}">${e(item.heading)}</a></li>`).join('')}</ol>
</nav>` : ''}
${intro ? `<div class="intro">${intro}</div>` : ''}
${sections.map((section) => `<section aria-labelledby="${e(section.anchor)}">
<h2 id="${e(section.anchor)}">${e(section.heading)}</h2>
${section.html}
</section>`).join('\n')}
${(article.cause_comparisons || []).length ? `<section class="comparison" aria-labelledby="comparison-heading">
<h2 id="comparison-heading">${e(s.comparison)}</h2>
${article.comparison_intro ? `<p id="comparison-intro">${e(article.comparison_intro)}</p>` : ''}
<div class="table-wrap" role="region" aria-labelledby="comparison-caption" tabindex="0">
<table${article.comparison_intro ? ' aria-describedby="comparison-intro"' : ''}>
<caption id="comparison-caption">${e(s.comparisonTable)}</caption>
<thead><tr><th scope="col">${e(s.cause)}</th><th scope="col">${e(s.relatedSymptoms)}</th><th scope="col">${e(s.differentiating)}</th></tr></thead>
<tbody>${article.cause_comparisons.map((row) => `<tr><th scope="row">${e(row.cause)}</th><td>${e(row.related_symptoms)}</td><td>${e(row.differentiating_factors)}</td></tr>`).join('')}</tbody>
</table>
</div>
</section>` : ''}
${faqs.length ? `<section class="faqs" aria-labelledby="faqs-heading">
<h2 id="faqs-heading">${e(s.faqs)}</h2>
${faqs.map((faq) => `<h3 id="faq-${e(faq.id)}">${e(faq.question)}</h3>
<div class="answer">${faq.html}</div>`).join('\n')}
</section>` : ''}
${(article.references || []).length ? `<section class="references" aria-labelledby="references-heading">
<h2 id="references-heading">${e(s.references)}</h2>
<ol>${article.references.map((ref) => {
    const anchor = ref.anchor || `ref-${ref.number}`;
    const links = [];
    if (ref.doi) links.push(`<a href="https://doi.org/${e(ref.doi)}">${e(s.doi)}: ${e(ref.doi)}</a>`);
    if (ref.pmid) links.push(`<a href="https://pubmed.ncbi.nlm.nih.gov/${e(ref.pmid)}/">${e(s.pmid)}: ${e(ref.pmid)}</a>`);
    if (ref.url && !ref.citation.includes(ref.url)) links.push(`<a href="${e(ref.url)}">${e(ref.url)}</a>`);
    const back = (backlinks[ref.number] || []).map((id, i) => `<a class="backlink" href="#${id}" aria-label="${e(s.backTo(ref.number, i + 1))}">↩<sup>${i + 1}</sup></a>`).join(' ');
    return `<li id="${e(anchor)}" value="${e(ref.number)}">${e(ref.citation)}${links.length ? ` ${links.join(' ')}` : ''}${back ? ` <span class="backlinks">${back}</span>` : ''}</li>`;
  }).join('\n')}</ol>
</section>` : ''}
${article.funding ? `<p><strong>${e(s.funding)}:</strong> ${e(article.funding)}</p>` : ''}
${article.conflicts_of_interest ? `<p><strong>${e(s.conflicts)}:</strong> ${e(article.conflicts_of_interest)}</p>` : ''}
${article.disclaimer ? `<aside class="disclaimer" aria-labelledby="disclaimer-heading"><h2 id="disclaimer-heading">${e(s.disclaimer)}</h2><p>${e(article.disclaimer)}</p></aside>` : ''}
</article>`;

  if (preview) {
    // A preview is for the editors who hold its link: not indexed, no canonical or alternates, no JSON-LD.
    return layout({
      site, language: lang, dir: article.text_direction || 'ltr', title: `${s.preview}: ${article.title}`,
      head: '<meta name="robots" content="noindex, nofollow">', body,
    });
  }
  return layout({
    site, language: lang, dir: article.text_direction || 'ltr', title: article.title, description: article.summary,
    alternates,
    head: `<link rel="canonical" href="${e(selfUrl)}">${jsonldText ? `\n<script type="application/ld+json">${jsonForScript(jsonldText)}</script>` : ''}`,
    body,
  });
}

// Links to the previous and next pages of a list, when the API says there are some.
function pager(site, language, path, params, list, pageNumber) {
  if (!list.previous && !list.next) return '';
  const s = t(language);
  const href = (n) => {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    if (n > 1) query.set('page', String(n));
    const text = query.toString();
    return site.path(language, path) + (text ? `?${text}` : '');
  };
  return `<nav class="pager" aria-label="${e(s.pages)}"><ul>
${list.previous ? `<li><a rel="prev" href="${e(href(pageNumber - 1))}">${e(s.previousPage)}</a></li>` : ''}
<li aria-current="page">${e(s.pageN(pageNumber))}</li>
${list.next ? `<li><a rel="next" href="${e(href(pageNumber + 1))}">${e(s.nextPage)}</a></li>` : ''}
</ul></nav>`;
}

export function homePage({ site, language, list, pageNumber = 1 }) {
  const s = t(language);
  return layout({
    site, language, title: s.latest, description: s.siteName,
    body: `<h1>${e(s.latest)}</h1>
<ul class="cards">${list.results.map((a) => articleCard(site, language, a)).join('\n')}</ul>
${pager(site, language, '/', {}, list, pageNumber)}`,
  });
}

export function topicsPage({ site, language, topics }) {
  const s = t(language);
  return layout({
    site, language, title: s.allTopics,
    body: `<h1>${e(s.allTopics)}</h1>
<ul class="topic-list">${topics.map((topic) => `<li><a href="${e(site.path(language, `/topics/${encodeURIComponent(topic.slug)}`))}">${e(topic.name)}</a>${topic.description ? ` — ${e(topic.description)}` : ''}</li>`).join('\n')}</ul>`,
  });
}

export function topicPage({ site, language, topic, list, pageNumber = 1 }) {
  const s = t(language);
  return layout({
    site, language, title: topic.name, description: topic.description,
    body: `<h1>${e(s.inTopic(topic.name))}</h1>
${topic.description ? `<p>${e(topic.description)}</p>` : ''}
<ul class="cards">${list.results.map((a) => articleCard(site, language, a)).join('\n')}</ul>
${pager(site, language, `/topics/${encodeURIComponent(topic.slug)}`, {}, list, pageNumber)}`,
  });
}

export function searchPage({ site, language, query, topics, list, error, pageNumber = 1 }) {
  const s = t(language);
  const option = (value, label, selected) => `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(label)}</option>`;
  const orderings = [['', s.newest], ['published_at', s.oldest], ['title', s.byTitle]];
  let results = '';
  if (error) {
    results = `<div class="notice" role="alert"><h2>${e(s.badSearch)}</h2><ul>${Object.entries(error).map(([field, messages]) => `<li>${e(field)}: ${e([].concat(messages).join(' '))}</li>`).join('')}</ul></div>`;
  } else if (list) {
    results = `<h2 id="results-heading">${e(s.results(list.count))}</h2>
${list.results.length ? `<ul class="cards" aria-labelledby="results-heading">${list.results.map((a) => articleCard(site, language, a, 3)).join('\n')}</ul>` : `<p>${e(s.noResults)}</p>`}
${pager(site, language, '/search', query, list, pageNumber)}`;
  }
  return layout({
    site, language, title: query.q ? `${s.search}: ${query.q}` : s.search,
    body: `<h1>${e(s.searchLabel)}</h1>
<form role="search" method="get" action="${e(site.path(language, '/search'))}" class="search-form">
<p><label for="q">${e(s.searchLabel)}</label> <input type="search" id="q" name="q" value="${e(query.q)}"></p>
<p><label for="topic">${e(s.topicLabel)}</label> <select id="topic" name="topic">${option('', s.anyTopic, !query.topic)}${topics.map((topic) => option(topic.slug, topic.name, topic.slug === query.topic)).join('')}</select></p>
<p><label for="ordering">${e(s.orderLabel)}</label> <select id="ordering" name="ordering">${orderings.map(([value, label]) => option(value, label, value === (query.ordering || ''))).join('')}</select></p>
<p><button type="submit">${e(s.submit)}</button></p>
</form>
<div aria-live="polite">${results}</div>`,
  });
}

export function notFoundPage({ site, language }) {
  const s = t(language);
  return layout({
    site, language, title: s.notFoundTitle,
    body: `<h1>${e(s.notFoundTitle)}</h1><p>${e(s.notFoundText)}</p><p><a href="${e(site.path(language, '/'))}">${e(s.home)}</a> · <a href="${e(site.path(language, '/search'))}">${e(s.search)}</a></p>`,
  });
}

export function previewGonePage({ site, language }) {
  const s = t(language);
  return layout({
    site, language, title: s.previewGoneTitle, head: '<meta name="robots" content="noindex, nofollow">',
    body: `<h1>${e(s.previewGoneTitle)}</h1><p>${e(s.previewGoneText)}</p>`,
  });
}

export function errorPage({ site, language }) {
  const s = t(language);
  return layout({ site, language, title: s.errorTitle, body: `<h1>${e(s.errorTitle)}</h1><p>${e(s.errorText)}</p>` });
}
