// Google's documented expectations for the structured data of an article page, checked offline (no network, no
// Rich Results Test): https://developers.google.com/search/docs/appearance/structured-data/article (no property is
// required; author with a name, datePublished, dateModified, headline and image recommended) and
// https://developers.google.com/search/docs/appearance/structured-data/faqpage (mainEntity of Questions, each with a
// name and an acceptedAnswer with text, all required; the questions must be visible on the page).
// Returns the problems found, in words; none when the data meets them.

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function pageText(html) {
  return html.replace(/<[^>]*>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function articleProblems(node) {
  const type = node['@type'];
  const problems = [];
  const authors = [].concat(node.author ?? []);
  if (authors.length === 0 || authors.some((author) => !author?.name)) {
    problems.push(`${type}: author has no name (recommended: one name per author)`);
  }
  for (const field of ['datePublished', 'dateModified']) {
    if (typeof node[field] !== 'string' || !ISO_8601.test(node[field])) {
      problems.push(`${type}: ${field} is not an ISO 8601 date: ${JSON.stringify(node[field] ?? null)}`);
    }
  }
  if (typeof node.headline !== 'string' || node.headline.trim() === '') problems.push(`${type}: no headline`);
  const images = [].concat(node.image ?? []).map((image) => (typeof image === 'string' ? image : image?.url));
  if (images.length === 0 || images.some((url) => !/^https?:\/\//.test(url ?? ''))) {
    problems.push(`${type}: image is not a crawlable URL: ${JSON.stringify(images)}`);
  }
  return problems;
}

function faqProblems(node, text) {
  const questions = node.mainEntity;
  if (!Array.isArray(questions) || questions.length === 0) return ['FAQPage: mainEntity lists no Question'];
  const problems = [];
  questions.forEach((question, index) => {
    const label = `FAQPage: Question ${index + 1}`;
    if (question['@type'] !== 'Question') problems.push(`${label} is a ${question['@type']}, not a Question`);
    if (typeof question.name !== 'string' || question.name.trim() === '') {
      problems.push(`${label} has no name`);
    } else if (!text.includes(question.name.replace(/\s+/g, ' ').trim())) {
      problems.push(`${label} is not on the page: ${JSON.stringify(question.name)}`);
    }
    const answer = question.acceptedAnswer;
    if (answer?.['@type'] !== 'Answer' || typeof answer.text !== 'string' || answer.text.trim() === '') {
      problems.push(`${label} has no acceptedAnswer.text`);
    }
  });
  return problems;
}

export function richResultProblems(data, html) {
  const nodes = data['@graph'] ?? [data];
  const text = pageText(html);
  return nodes.flatMap((node) => {
    if (['MedicalWebPage', 'Article', 'NewsArticle', 'BlogPosting'].includes(node['@type'])) return articleProblems(node);
    if (node['@type'] === 'FAQPage') return faqProblems(node, text);
    return [];
  });
}
