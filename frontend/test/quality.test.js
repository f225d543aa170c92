// The site measured as patients, search engines and editors meet it, in Debian's Chromium (never a downloaded
// browser): axe-core on every page template, Lighthouse in mobile mode on the article page, the embedded
// structured data against Google's documented requirements (offline), and an editor's unpublish and "Publish again"
// in the CMS admin reaching the site through the signed webhook the CMS's worker delivers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { startStack } from './helpers.js';
import { richResultProblems } from './rich-results.js';

const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM} (apt install chromium)`;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const VITAMIN_D = 'vitamin-d-deficiency-muscle-twitching';
const VITAMINA_D = 'vitamina-d-contracciones-musculares';
const DEMO_PASSWORD = 'demo-password';

let stack;
let browser;

before(async () => {
  if (SKIP) return;
  stack = await startStack({ webhookSecret: SECRET });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in a container: no sandbox; /dev/shm is small there.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}, { timeout: 120000 });

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

async function manage(method, path, token, body) {
  const response = await fetch(stack.apiUrl + path, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

async function statusOf(path) {
  return (await fetch(stack.webUrl + path, { redirect: 'manual' })).status;
}

async function axeViolations(url) {
  const page = await browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(AXE); // through the DevTools protocol: the site's CSP lets no script tag run
    return await page.evaluate(async () => {
      const results = await window.axe.run(document, { resultTypes: ['violations'] });
      return results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  } finally {
    await page.close();
  }
}

describe('measured quality', { skip: SKIP }, () => {
  test('axe-core finds no violation of any impact on any page template', { timeout: 120000 }, async () => {
    const { token } = await manage('POST', `/api/v1/manage/articles/${VITAMIN_D}/preview-token/`, stack.publisherToken, {});
    const topics = await (await fetch(`${stack.apiUrl}/api/v1/topics/`)).json();
    assert.ok(topics.results.length > 0, 'the demo has topics');
    const pages = {
      home: '/',
      'home (Spanish)': '/es/',
      article: `/articles/${VITAMIN_D}`,
      'article (Spanish)': `/es/articles/${VITAMINA_D}`,
      topics: '/topics',
      topic: `/topics/${topics.results[0].slug}`,
      'search with results': '/search?q=calcium',
      'search refused (a bad ordering)': '/search?q=calcium&ordering=nonsense',
      'not found': '/no-such-page',
      preview: `/preview/${token}`,
    };
    const found = {};
    for (const [name, path] of Object.entries(pages)) {
      found[name] = await axeViolations(stack.webUrl + path);
    }
    const expected = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
    assert.deepEqual(found, expected);
    // Positive control: the same check finds an image without alternative text and an unlabelled field.
    const control = await browser.newPage();
    await control.setContent('<html lang="en"><title>t</title><main><img src="x.png"><input></main></html>');
    await control.evaluate(AXE);
    const caught = await control.evaluate(async () => (await window.axe.run(document)).violations.map((v) => v.id));
    await control.close();
    assert.ok(caught.includes('image-alt') && caught.includes('label'), caught.join(', '));
  });

  test('Lighthouse, mobile: Performance at least 95, Accessibility, Best Practices and SEO 100', { timeout: 180000 }, async () => {
    const page = await browser.newPage();
    const url = `${stack.webUrl}/articles/${VITAMIN_D}`;
    const { lhr } = await lighthouse(url, {
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    }, undefined, page);
    await page.close();
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
    const lcp = lhr.audits['largest-contentful-paint'].numericValue;
    const cls = lhr.audits['cumulative-layout-shift'].numericValue;
    console.log(`Lighthouse ${lhr.lighthouseVersion} (${lhr.configSettings.formFactor}) ${url}:`,
      JSON.stringify(scores), `LCP ${Math.round(lcp)} ms, CLS ${cls}`);
    assert.equal(lhr.configSettings.formFactor, 'mobile');
    assert.ok(scores.performance >= 95, `performance ${scores.performance}`);
    assert.deepEqual(
      { accessibility: scores.accessibility, 'best-practices': scores['best-practices'], seo: scores.seo },
      { accessibility: 100, 'best-practices': 100, seo: 100 },
    );
  });

  test('the embedded structured data meets Google\'s requirements for its rich results', async () => {
    for (const path of [`/articles/${VITAMIN_D}`, `/es/articles/${VITAMINA_D}`]) {
      const html = await (await fetch(stack.webUrl + path)).text();
      const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
      assert.equal(blocks.length, 1, path);
      const data = JSON.parse(blocks[0][1]);
      const types = data['@graph'].map((node) => node['@type']);
      assert.deepEqual(types.filter((type) => ['MedicalWebPage', 'FAQPage'].includes(type)), ['MedicalWebPage', 'FAQPage']);
      assert.deepEqual(richResultProblems(data, html), [], path);
    }
    // Control: what the check is for is caught.
    const html = await (await fetch(`${stack.webUrl}/articles/${VITAMIN_D}`)).text();
    const data = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)[1]);
    const faq = data['@graph'].find((node) => node['@type'] === 'FAQPage');
    delete faq.mainEntity[0].acceptedAnswer;
    faq.mainEntity[1].name = 'A question the page does not show?';
    const page = data['@graph'].find((node) => node['@type'] === 'MedicalWebPage');
    page.datePublished = '7 December';
    delete page.author;
    assert.deepEqual(richResultProblems(data, html), [
      'MedicalWebPage: author has no name (recommended: one name per author)',
      'MedicalWebPage: datePublished is not an ISO 8601 date: "7 December"',
      'FAQPage: Question 1 has no acceptedAnswer.text',
      'FAQPage: Question 2 is not on the page: "A question the page does not show?"',
    ]);
  });

  test('an editor previews from the admin on the site, unpublishes and the site drops the page; "Publish again" brings it back', { timeout: 120000 }, async () => {
    const path = `/articles/${VITAMIN_D}`;
    await fetch(stack.webUrl + path);
    const cached = await fetch(stack.webUrl + path);
    assert.equal(cached.headers.get('x-page-cache'), 'hit'); // kept: only the webhook can drop it in time
    const { id } = await manage('GET', `/api/v1/manage/articles/${VITAMIN_D}/`, stack.adminToken);
    const page = await browser.newPage();
    const change = `${stack.apiUrl}/admin/articles/article/${id}/change/`;

    async function logIn(username) {
      await page.deleteCookie(...(await page.cookies(stack.apiUrl)));
      await page.goto(`${stack.apiUrl}/admin/login/?next=/admin/`);
      await page.type('input[name=username]', username);
      await page.type('input[name=password]', DEMO_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('input[type=submit]')]);
      assert.ok(await page.$('#user-tools'), `${username} is signed in`);
    }
    async function follow(selector) {
      await page.$eval(selector, (element) => element.scrollIntoView({ block: 'center' }));
      await Promise.all([page.waitForNavigation(), page.click(selector)]);
    }
    async function siteAnswers(status) {
      const started = Date.now();
      while (Date.now() - started < 20000) {
        if (await statusOf(path) === status) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.fail(`the site did not answer ${status} for ${path} within 20 s`);
    }

    await logIn('publisher');
    // The admin's Preview opens the working copy on this site (PREVIEW_URL_TEMPLATE), with its notice.
    await page.goto(`${stack.apiUrl}/admin/articles/article/${id}/preview/`);
    assert.ok(page.url().startsWith(`${stack.webUrl}/preview/`), page.url());
    assert.match(await page.content(), /this version is not published/);
    await page.goto(change);
    await follow("a.lifecycle-button[data-action='unpublish']");
    await follow('#confirm-step input[type=submit]');
    assert.equal(await page.$eval('#banner-status', (element) => element.textContent.trim()), 'Unpublished');
    const gone = await siteAnswers(404);

    // The demo's publisher approved this version: separation of duties asks another to put it back.
    await logIn('admin');
    await page.goto(change);
    await follow('#publish-again-link');
    await follow('#confirm-step input[type=submit]');
    assert.equal(await page.$eval('#banner-status', (element) => element.textContent.trim()), 'Published');
    const back = await siteAnswers(200);
    await page.close();
    console.log(`admin → site through the webhook: gone in ${gone} ms, back in ${back} ms`);
    const listed = [await (await fetch(`${stack.webUrl}/`)).text(), await (await fetch(`${stack.webUrl}/?page=2`)).text()];
    assert.ok(listed.some((html) => html.includes(`href="${path}"`)), 'listed on the home pages again');
  });
});
