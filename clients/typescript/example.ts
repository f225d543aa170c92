/**
 * Ordinary frontend code written against the types that openapi-typescript generates from the API's
 * OpenAPI schema. It is never run: check.sh only type-checks it (tsc --noEmit, strict, see tsconfig.json),
 * to prove that strict-mode code compiles against the contract. Rules for editing this file: no `any` and
 * no non-null assertions (postfix `!`); they would hide exactly the schema problems this check exists to find.
 *
 * Two kinds of code below:
 * - what a frontend writes (fetch, render, submit). A field that the schema wrongly marks optional breaks it
 *   (`article.intro.length` on `string | undefined` does not compile);
 * - `ContractChecks` at the end: type-level assertions for what ordinary code cannot notice, such as a field
 *   wrongly typed non-null (code that handles `null` compiles either way).
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

const API_ROOT = "https://cms.example.org";

// ---------------------------------------------------------------------------------------------------------
// Operation types, read from `paths` so that a renamed path, method or status breaks the build.

type ArticleListOperation = paths["/api/v1/articles/"]["get"];
type ArticleDetailOperation = paths["/api/v1/articles/{slug}/"]["get"];
type PreviewOperation = paths["/api/v1/preview/{token}/"]["get"];
type ArticleCreateOperation = paths["/api/v1/manage/articles/"]["post"];
type ArticleUpdateOperation = paths["/api/v1/manage/articles/{slug}/"]["patch"];
type ArticleTransitionOperation = paths["/api/v1/manage/articles/{slug}/transitions/"]["post"];
type ImageUploadOperation = paths["/api/v1/manage/images/"]["post"];
type CommentsOperation = paths["/api/v1/manage/articles/{slug}/comments/"]["get"];
type CommentAddOperation = paths["/api/v1/manage/articles/{slug}/comments/"]["post"];
type CommentResolveOperation = paths["/api/v1/manage/articles/{slug}/comments/{comment_id}/resolve/"]["post"];

export type ArticleListQuery = NonNullable<ArticleListOperation["parameters"]["query"]>;
export type ArticlePage = ArticleListOperation["responses"][200]["content"]["application/json"];
export type ArticleListItem = ArticlePage["results"][number];
export type Article = ArticleDetailOperation["responses"][200]["content"]["application/json"];
export type Preview = PreviewOperation["responses"][200]["content"]["application/json"];
export type NotFoundBody = ArticleDetailOperation["responses"][404]["content"]["application/json"];
export type BadQueryBody = ArticleListOperation["responses"][400]["content"]["application/json"];

export type ArticleCreateBody = ArticleCreateOperation["requestBody"]["content"]["application/json"];
export type ManagedArticle = ArticleCreateOperation["responses"][201]["content"]["application/json"];
export type ArticleCreateInvalidBody = ArticleCreateOperation["responses"][400]["content"]["application/json"];
export type ArticlePatchBody = NonNullable<ArticleUpdateOperation["requestBody"]>["content"]["application/json"];
export type ArticlePatchHeaders = ArticleUpdateOperation["parameters"]["header"];
export type ArticlePatchPath = ArticleUpdateOperation["parameters"]["path"];
export type ArticleUpdated = ArticleUpdateOperation["responses"][200]["content"]["application/json"];
export type TransitionBody = ArticleTransitionOperation["requestBody"]["content"]["application/json"];
export type ReviewComments = CommentsOperation["responses"][200]["content"]["application/json"];
export type ReviewComment = ReviewComments["results"][number];
export type ReviewCommentBody = CommentAddOperation["requestBody"]["content"]["application/json"];
export type ReviewCommentInvalidBody = CommentAddOperation["responses"][400]["content"]["application/json"];
export type ResolvedComment = CommentResolveOperation["responses"][200]["content"]["application/json"];
export type ImageUploadForm = ImageUploadOperation["requestBody"]["content"]["multipart/form-data"];
export type UploadedImage = ImageUploadOperation["responses"][201]["content"]["application/json"];
type UploadErrorBody<Status extends 400 | 413> = ImageUploadOperation["responses"][Status]["content"]["application/json"];

// ---------------------------------------------------------------------------------------------------------
// A small typed fetch layer.

export type ApiResult<Data, ErrorBody> =
  | { readonly kind: "ok"; readonly status: number; readonly data: Data; readonly etag: string | null }
  | { readonly kind: "not-modified"; readonly etag: string | null }
  | { readonly kind: "error"; readonly status: number; readonly error: ErrorBody | null };

/** The JSON body, as the schema says it is (the test suite checks every response against the schema). */
async function readJson<T>(response: Response): Promise<T> {
  const body: unknown = await response.json();
  return body as T;
}

async function request<Data, ErrorBody>(url: string, init: RequestInit = {}): Promise<ApiResult<Data, ErrorBody>> {
  const response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init.headers } });
  const etag = response.headers.get("ETag");
  if (response.status === 304) {
    return { kind: "not-modified", etag };
  }
  if (response.ok) {
    return { kind: "ok", status: response.status, data: await readJson<Data>(response), etag };
  }
  const isJson = (response.headers.get("Content-Type") ?? "").startsWith("application/json");
  return { kind: "error", status: response.status, error: isJson ? await readJson<ErrorBody>(response) : null };
}

function queryString(query: ArticleListQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** One error message per field for a form, from a 400 body. */
export function fieldMessages(errors: Schemas["FieldErrors"], field: string): string[] {
  const value = errors[field];
  if (value === undefined) {
    return [];
  }
  if (typeof value === "string") {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.filter((message): message is string => typeof message === "string");
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// Public API: the article list.

export function listArticles(query: ArticleListQuery = {}): Promise<ApiResult<ArticlePage, BadQueryBody>> {
  return request(`${API_ROOT}/api/v1/articles/${queryString(query)}`);
}

export interface ArticleCard {
  readonly href: string;
  readonly title: string;
  readonly blurb: string;
  readonly topics: string;
  readonly readingTime: string;
  readonly published: string;
  readonly reviewed: string;
}

function formatDate(isoDateTime: string): string {
  return new Date(isoDateTime).toLocaleDateString("en-GB", { year: "numeric", month: "long", day: "numeric" });
}

export function articleCard(item: ArticleListItem): ArticleCard {
  return {
    href: `/articles/${item.slug.toLowerCase()}`,
    title: item.title.trim(),
    blurb: item.subtitle.length > 0 ? item.subtitle : item.summary.slice(0, 160),
    topics: item.topics.map((topic) => topic.name.toUpperCase()).join(" · "),
    readingTime: `${item.reading_time_minutes.toFixed(0)} min read`,
    published: formatDate(item.published_at),
    reviewed: `Reviewed ${formatDate(item.last_reviewed_at)}`,
  };
}

export interface Pager {
  readonly summary: string;
  readonly nextPage: string | null;
  readonly previousPage: string | null;
}

function pageParameter(link: string | null): string | null {
  return link === null ? null : new URL(link).searchParams.get("page");
}

export function pager(page: ArticlePage, pageSize: number): Pager {
  const pages = Math.max(1, Math.ceil(page.count / pageSize));
  return {
    summary: `${page.count.toLocaleString("en-GB")} articles on ${pages} pages (${page.results.length} here)`,
    nextPage: pageParameter(page.next),
    previousPage: pageParameter(page.previous),
  };
}

/** Every article of a topic, a page at a time: `page` is a number, from 1. */
export async function allArticlesOfTopic(topic: string, pageSize = 100): Promise<ArticleListItem[]> {
  const items: ArticleListItem[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listArticles({ topic, page, page_size: pageSize });
    if (result.kind !== "ok") {
      throw new Error(`Article list failed on page ${page.toString()}`);
    }
    items.push(...result.data.results);
    if (result.data.next === null) {
      return items;
    }
  }
}

export async function firstPageOfTopic(topic: string): Promise<ArticleCard[]> {
  const result = await listArticles({ topic, ordering: "-updated_at", page: 1, page_size: 20 });
  switch (result.kind) {
    case "ok": {
      const first: ArticleListItem | undefined = result.data.results[0];
      if (first !== undefined) {
        console.info(`Newest: ${first.title} (${first.updated_at})`);
      }
      return result.data.results.map(articleCard);
    }
    case "not-modified":
      return [];
    case "error": {
      const problems = result.error === null ? [] : fieldMessages(result.error, "topic");
      throw new Error(problems.length > 0 ? problems.join(" ") : `Article list failed (${result.status})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Public API: one article.

export async function getArticle(slug: string): Promise<ApiResult<Article, NotFoundBody>> {
  const path: ArticleDetailOperation["parameters"]["path"] = { slug };
  return request(`${API_ROOT}/api/v1/articles/${encodeURIComponent(path.slug)}/`);
}

export interface TocLink {
  readonly href: string;
  readonly label: string;
}

export interface ArticlePageModel {
  readonly headline: string;
  readonly introWords: number;
  readonly byline: string;
  readonly published: string;
  readonly reviewer: string;
  readonly lastReviewed: string;
  readonly nextReview: string;
  readonly reviewOverdue: boolean;
  readonly readability: string;
  readonly toc: readonly TocLink[];
  readonly sectionIds: readonly string[];
  readonly keyPoints: readonly string[];
  readonly references: readonly string[];
  readonly faq: readonly { readonly question: string; readonly answerHtml: string }[];
  readonly comparisons: readonly string[];
  readonly disclaimer: string;
}

function reviewerLine(reviewer: Schemas["ContributorSummary"]): string {
  const credentials = reviewer.credentials.trim();
  return credentials === "" ? `Reviewed by ${reviewer.name}` : `Reviewed by ${reviewer.name}, ${credentials}`;
}

function readabilityLine(readability: Schemas["Readability"] | null): string {
  if (readability === null) {
    return "Readability not measured";
  }
  if (readability.flesch_reading_ease !== null && readability.flesch_kincaid_grade !== null) {
    return `Reading ease ${readability.flesch_reading_ease.toFixed(0)}/100, grade ${readability.flesch_kincaid_grade.toFixed(1)}`;
  }
  if (readability.formula === null || readability.score === null) {
    return `Readability not available for the language ${readability.language}`; // no formula fits it
  }
  return `Reading ease ${readability.score.toFixed(0)}/100 (${readability.formula})`; // the language's own formula
}

function kindLabel(kind: Schemas["KindEnum"]): string {
  switch (kind) {
    case "journal_article":
      return "Journal article";
    case "website":
      return "Website";
    case "book":
      return "Book";
    case "guideline":
      return "Guideline";
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
}

function referenceLine(reference: Schemas["CitedReferenceSchema"]): string {
  const year = reference.year === null ? "n.d." : reference.year.toString();
  const link = reference.doi.length > 0 ? `https://doi.org/${reference.doi}` : reference.url;
  const accessed = reference.accessed_on === null ? "" : ` Accessed ${reference.accessed_on}.`;
  return `[${reference.number}] #${reference.anchor.toLowerCase()} ${kindLabel(reference.kind)}: ${reference.citation} (${year}) ${link}${accessed}`;
}

export function articlePage(article: Article): ArticlePageModel {
  const words = article.intro.split(/\s+/).filter((word) => word.length > 0);
  return {
    headline: article.title.trim(),
    introWords: article.intro.length === 0 ? 0 : words.length,
    byline: article.authors.map((author) => author.name).join(", "),
    published: formatDate(article.published_at),
    reviewer: reviewerLine(article.medical_reviewer),
    lastReviewed: formatDate(article.last_reviewed_at),
    nextReview: new Date(article.next_review_due).toDateString(),
    reviewOverdue: new Date(article.next_review_due).getTime() < Date.now(),
    readability: readabilityLine(article.readability),
    toc: article.table_of_contents.map((entry) => ({ href: `#${entry.anchor}`, label: entry.heading.trim() })),
    sectionIds: article.sections.map((section) => section.anchor.toUpperCase()),
    keyPoints: article.key_points.map((point) => `${point.position + 1}. ${point.title}: ${point.text.trim()}`),
    references: article.references.map(referenceLine),
    faq: article.faqs.map((faq) => ({ question: faq.question.trim(), answerHtml: faq.answer_html })),
    comparisons: article.cause_comparisons.map(
      (row) => `${row.cause}: ${row.related_symptoms.trim()} / ${row.differentiating_factors.trim()}`,
    ),
    disclaimer: article.disclaimer.trim(),
  };
}

export function scrollToSection(article: Article, index: number): boolean {
  const section = article.sections[index];
  if (section === undefined) {
    return false;
  }
  const element = document.getElementById(section.anchor);
  element?.scrollIntoView({ behavior: "smooth" });
  return element !== null;
}

export async function showArticle(slug: string): Promise<ArticlePageModel | null> {
  const result = await getArticle(slug);
  if (result.kind === "ok") {
    return articlePage(result.data);
  }
  if (result.kind === "error" && result.status === 404) {
    const message = result.error === null ? "Not found" : result.error.detail.trim();
    console.warn(`${slug}: ${message}`);
    return null;
  }
  throw new Error(`Could not load ${slug}`);
}

// ---------------------------------------------------------------------------------------------------------
// A preview link: the working copy in the same format, but one never approved or published lacks those fields.

export function getPreview(token: string): Promise<ApiResult<Preview, NotFoundBody>> {
  return request(`${API_ROOT}/api/v1/preview/${encodeURIComponent(token)}/`);
}

export function previewBanner(preview: Preview): string {
  const published = preview.published_at === null ? "not published yet" : `published ${formatDate(preview.published_at)}`;
  const reviewed =
    preview.medical_reviewer === null ? "not yet medically reviewed" : reviewerLine(preview.medical_reviewer);
  return `Preview of “${preview.title.trim()}”: ${published}; ${reviewed}`;
}

// ---------------------------------------------------------------------------------------------------------
// Management API: create a draft, then change it with If-Match.

function authorization(token: string): Record<string, string> {
  return { Authorization: `Token ${token}`, "Content-Type": "application/json" };
}

/** The ETag of a working copy is its version, quoted. */
export function ifMatch(article: ManagedArticle): ArticlePatchHeaders {
  return { "If-Match": `"${article.version.toString()}"` };
}

export function createArticle(
  token: string,
  body: ArticleCreateBody,
): Promise<ApiResult<ManagedArticle, ArticleCreateInvalidBody>> {
  return request(`${API_ROOT}/api/v1/manage/articles/`, {
    method: "POST",
    headers: authorization(token),
    body: JSON.stringify(body),
  });
}

/** The error bodies a PATCH can answer with, as the operation documents them. */
type PatchErrorBody<Status extends 400 | 409 | 412 | 428> =
  ArticleUpdateOperation["responses"][Status]["content"]["application/json"];
export type ArticlePatchError = PatchErrorBody<400> | PatchErrorBody<409> | PatchErrorBody<412> | PatchErrorBody<428>;

export function patchArticle(
  token: string,
  path: ArticlePatchPath,
  headers: ArticlePatchHeaders,
  body: ArticlePatchBody,
): Promise<ApiResult<ArticleUpdated, ArticlePatchError>> {
  return request(`${API_ROOT}/api/v1/manage/articles/${encodeURIComponent(path.slug)}/`, {
    method: "PATCH",
    headers: { ...authorization(token), ...headers },
    body: JSON.stringify(body),
  });
}

/** The review comments nobody resolved yet, as an author reads them before submitting again. */
export async function openReviewComments(token: string, slug: string): Promise<string[]> {
  const listed = await request<ReviewComments, NotFoundBody>(
    `${API_ROOT}/api/v1/manage/articles/${encodeURIComponent(slug)}/comments/`,
    { headers: authorization(token) },
  );
  if (listed.kind !== "ok") {
    return [];
  }
  return listed.data.results
    .filter((comment) => !comment.resolved)
    .map((comment) => `${comment.field_label}${comment.quote ? ` (“${comment.quote}”)` : ""}: ${comment.body}`);
}

/** A reviewer's comment on a passage of the summary; a refusal names the field (`anchor`, `quote`, `body`). */
export async function commentOnSummary(token: string, slug: string, quote: string, body: string): Promise<string> {
  const sent: ReviewCommentBody = { anchor: "summary", quote, body };
  const made = await request<ReviewComment, ReviewCommentInvalidBody>(
    `${API_ROOT}/api/v1/manage/articles/${encodeURIComponent(slug)}/comments/`,
    { method: "POST", headers: authorization(token), body: JSON.stringify(sent) },
  );
  if (made.kind === "ok") {
    return `Comment ${made.data.id.toString()} on version ${made.data.version.toString()}`;
  }
  return made.kind === "error" && made.error ? `Refused: ${Object.keys(made.error).join(", ")}` : "Not added";
}

/** Send a draft to medical review: the step needs nothing but its name (a comment is optional). */
export const submitForReview: TransitionBody = { action: "submit" };

/** The article page header's steps: call off a scheduled go-live (what is live stays live), and put an unpublished
 * article live again as readers last saw it. Each takes only an optional comment. */
export const cancelScheduledGoLive: TransitionBody = { action: "cancel_schedule" };
export const publishAgain: TransitionBody = { action: "republish", comment: "Taken down by mistake." };

export const newDraft: ArticleCreateBody = {
  title: "Vitamin D deficiency",
  summary: "Low vitamin D is common in winter. Most people need no test; some benefit from a supplement.",
  intro: "Vitamin D helps the body absorb calcium [1].",
  reading_time_override: null,
  authors: ["jane-doe"],
  topics: ["nutrition"],
  key_points: [{ title: "Who is at risk", text: "People who spend little time outdoors." }],
  sections: [
    { heading: "Symptoms", body_markdown: "Often none; sometimes bone pain or muscle weakness." },
    { heading: "Treatment", anchor: "treatment", body_markdown: "A daily supplement is usually enough [1]." },
  ],
  faqs: [{ question: "Should I be tested?", answer_markdown: "Only if your doctor suggests it." }],
  citations: [{ doi: "10.1056/NEJMra070553" }],
};

export async function createThenRetitle(token: string): Promise<string> {
  const created = await createArticle(token, newDraft);
  if (created.kind !== "ok") {
    const errors = created.kind === "error" ? created.error : null;
    if (errors === null) {
      return "Not saved";
    }
    const fields = ["title", "summary", "sections", "non_field_errors"];
    return `Not saved: ${fields.flatMap((field) => fieldMessages(errors, field)).join(" ")}`;
  }
  const draft = created.data;
  const before: Schemas["StatusEnum"] = draft.status;
  const change: ArticlePatchBody = {
    title: `${draft.title} in adults`,
    sections: draft.sections.map(({ id, heading, anchor, body_markdown }) => ({ id, heading, anchor, body_markdown })),
  };
  const updated = await patchArticle(token, { slug: draft.slug }, ifMatch(draft), change);
  switch (updated.kind) {
    case "ok": {
      const saved = updated.data;
      const reviewer = saved.medical_reviewer ?? "no reviewer yet";
      return `${before} → ${saved.status}: “${saved.title}” v${saved.version.toString()}, ${saved.sections.length} sections, ${reviewer}`;
    }
    case "not-modified":
      return "Unchanged";
    case "error": {
      const error = updated.error;
      if (updated.status === 412 && error !== null && "current_version" in error) {
        return `Someone saved version ${String(error.current_version ?? "?")} meanwhile; reload`;
      }
      if (error !== null && "detail" in error && typeof error.detail === "string") {
        return error.detail;
      }
      return `Not saved (${updated.status})`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The media library: an image is uploaded as a multipart form (the file and its alt text); a refusal names the
// field (400: `file`, `alt_text`…) or the limit (413).

export function uploadImage(
  token: string,
  image: Blob,
  altText: string,
): Promise<ApiResult<UploadedImage, UploadErrorBody<400> | UploadErrorBody<413>>> {
  const form = new FormData();
  form.append("file", image, "upload");
  form.append("alt_text", altText);
  form.append("decorative", "false");
  return request(`${API_ROOT}/api/v1/manage/images/`, {
    method: "POST",
    headers: { Authorization: `Token ${token}` },
    body: form,
  });
}

export async function uploadChart(token: string, png: Blob): Promise<string> {
  const uploaded = await uploadImage(token, png, "A bar chart: vitamin D levels fall from September to March");
  if (uploaded.kind === "ok") {
    const image = uploaded.data;
    return `Image ${image.id.toString()}: ${image.width.toString()} × ${image.height.toString()} ${image.format}, focal point ${image.focal_point.x.toFixed(2)}`;
  }
  if (uploaded.kind === "error" && uploaded.error !== null) {
    const error = uploaded.error;
    return "detail" in error && typeof error.detail === "string" ? error.detail : fieldMessages(error, "file").join(" ");
  }
  return "Not uploaded";
}

// An image's `srcset` in one format from its renditions (absolute, immutable URLs, narrowest first); empty until the
// task worker has made them.
export function srcset(image: UploadedImage, format: "avif" | "webp" | "jpeg"): string {
  return image.renditions
    .filter((rendition) => rendition.format === format)
    .map((rendition) => `${rendition.url} ${rendition.width.toString()}w`)
    .join(", ");
}

// ---------------------------------------------------------------------------------------------------------
// Contract checks at the type level: each fails to compile when the generated type drifts from what the
// API sends (a field that is always sent turning optional, a field that can be null losing `| null`, ...).

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** The keys a value of T always has. */
type RequiredKeys<T> = { [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K }[keyof T];

export type ContractChecks = [
  // Pagination: every key always there; next and previous are null at the ends.
  Expect<Equal<RequiredKeys<ArticlePage>, keyof ArticlePage>>,
  Expect<Equal<ArticlePage["next"], string | null>>,
  Expect<Equal<ArticlePage["previous"], string | null>>,
  Expect<Equal<ArticlePage["count"], number>>,
  // Responses are rendered by read-only serializers: every field is always sent.
  Expect<Equal<RequiredKeys<ArticleListItem>, keyof ArticleListItem>>,
  Expect<Equal<RequiredKeys<Article>, keyof Article>>,
  Expect<Equal<RequiredKeys<Schemas["Section"]>, keyof Schemas["Section"]>>,
  Expect<Equal<RequiredKeys<Schemas["CitedReferenceSchema"]>, keyof Schemas["CitedReferenceSchema"]>>,
  Expect<Equal<RequiredKeys<ManagedArticle>, keyof ManagedArticle>>,
  // What may be null, and what may not: a live article was reviewed and published; a preview perhaps not.
  Expect<Equal<Article["medical_reviewer"], Schemas["ContributorSummary"]>>,
  Expect<Equal<Article["published_at"], string>>,
  Expect<Equal<Article["last_reviewed_at"], string>>,
  Expect<Equal<Article["next_review_due"], string>>,
  Expect<Equal<ArticleListItem["published_at"], string>>,
  Expect<Equal<Preview["medical_reviewer"], Schemas["ContributorSummary"] | null>>,
  Expect<Equal<Preview["published_at"], string | null>>,
  Expect<Equal<Preview["next_review_due"], string | null>>,
  Expect<Equal<RequiredKeys<Preview>, keyof Preview>>,
  // Pages are numbered.
  Expect<Equal<ArticleListQuery["page"], number | undefined>>,
  Expect<Equal<Article["readability"], Schemas["Readability"] | null>>,
  Expect<Equal<Article["intro"], string>>,
  Expect<Equal<Article["updated_at"], string>>,
  Expect<Equal<Schemas["Section"]["anchor"], string>>,
  Expect<Equal<Schemas["CitedReferenceSchema"]["year"], number | null>>,
  Expect<Equal<ManagedArticle["medical_reviewer"], string | null>>,
  // Error bodies: a 404 says what went wrong (and, for an address live in other languages only, which); a 400
  // names the fields.
  Expect<Equal<NotFoundBody, Schemas["NotInLanguage"]>>,
  Expect<Equal<NotFoundBody["detail"], string>>,
  Expect<Equal<NotFoundBody["available_languages"], string[] | undefined>>,
  Expect<Equal<BadQueryBody, Schemas["FieldErrors"]>>,
  Expect<Equal<ArticleCreateInvalidBody, Schemas["FieldErrors"]>>,
  Expect<Equal<PatchErrorBody<412>, Schemas["StaleVersion"]>>,
  Expect<Equal<PatchErrorBody<428>, Schemas["Error"]>>,
  // Writes: only title and summary are needed to create; PATCH needs nothing but an If-Match.
  Expect<Equal<RequiredKeys<ArticleCreateBody>, "title" | "summary">>,
  Expect<Equal<RequiredKeys<ArticlePatchBody>, never>>,
  Expect<Equal<ArticlePatchHeaders, { "If-Match": string }>>,
  Expect<Equal<RequiredKeys<Exclude<TransitionBody, { action: "request_changes" | "approve" }>>, "action">>,
  // Every step of the lifecycle table editors choose: the buttons, then the article page header's two.
  Expect<
    Equal<
      TransitionBody["action"],
      | "submit" | "withdraw" | "request_changes" | "approve" | "publish" | "unpublish" | "archive" | "unarchive"
      | "cancel_schedule" | "republish"
    >
  >,
  // A step's own requirements: requesting changes needs a comment, approving the document's fingerprint.
  Expect<Equal<RequiredKeys<Extract<TransitionBody, { action: "request_changes" }>>, "action" | "comment">>,
  Expect<Equal<RequiredKeys<Extract<TransitionBody, { action: "approve" }>>, "action" | "document_fingerprint">>,
  // Review comments: a field and a body are needed (no quote: the whole field); what comes back is always whole.
  Expect<Equal<RequiredKeys<ReviewCommentBody>, "anchor" | "body">>,
  Expect<Equal<RequiredKeys<ReviewComment>, keyof ReviewComment>>,
  Expect<Equal<ReviewComment["resolved_by"], string | null>>,
  Expect<Equal<ReviewComments["open"], number>>,
  Expect<Equal<ResolvedComment, Schemas["ReviewCommentOut"]>>,
  // Images: an upload needs its file; what comes back always has its size, format and focal point.
  Expect<Equal<ImageUploadForm["file"], string>>,
  Expect<Equal<UploadedImage["focal_point"]["x"], number>>,
  Expect<Equal<UploadedImage["format"], Schemas["ImageFormatEnum"]>>,
  Expect<Equal<RequiredKeys<UploadedImage>, keyof UploadedImage>>,
  Expect<Equal<UploadErrorBody<413>, Schemas["Error"]>>,
];
