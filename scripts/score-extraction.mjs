#!/usr/bin/env node
// node scripts/score-extraction.mjs [--corpus DIR] [--worst N] [--json] [--page NAME] [--show NAME]
//
// Scores reader-mode extraction (src/web/extract) the way published extraction benchmarks do:
// the text is cut into lowercased word tokens, then into 4-token shingles; each page's
// precision and recall are those of our shingles against the reference's, the two are averaged
// over the pages, and F1 is taken of the two averages. The reference is Readability's expected
// output in mozilla/readability's test pages, so a low score is a question, not a verdict:
// read the worst pages (--show NAME prints both texts) before "fixing" them.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const corpus = resolve(root, option('--corpus', '../shared/corpus/readability'));
const worstCount = Number(option('--worst', 10)) || 10;
const asJson = args.includes('--json');
const onlyPage = option('--page', undefined);
const showPage = option('--show', undefined);

if (!existsSync(corpus)) {
  console.error(`score-extraction: no corpus at ${corpus}; give one with --corpus DIR`);
  process.exit(1);
}

// The module under test, bundled as it is now: no build step to forget.
const work = mkdtempSync(join(tmpdir(), 'news-score-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
await build({
  entryPoints: [join(root, 'src/web/extract/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: join(work, 'extract.mjs'),
  logLevel: 'error',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      name: 'canvas-shim',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^canvas$/ }, () => ({ path: join(root, 'node_modules/linkedom/commonjs/canvas-shim.cjs') }));
      },
    },
  ],
});
const { extractArticle } = await import(pathToFileURL(join(work, 'extract.mjs')).href);

// --- text and shingles --------------------------------------------------------------------

const tokens = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function shingles(words, n = 4) {
  const set = new Set();
  if (words.length > 0 && words.length < n) set.add(words.join(' '));
  for (let at = 0; at + n <= words.length; at++) set.add(words.slice(at, at + n).join(' '));
  return set;
}

/** The words a reader sees in our Markdown: no link targets, no image addresses, no markers. */
function markdownText(markdown) {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:#+|>|[-+*]|\d+\.)\s+/gm, ' ')
    .replace(/^\|?[\s|:-]*-{3}[\s|:-]*$/gm, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

function referenceText(html) {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Readability's output keeps images; their alt text is not body text in either output.
  for (const block of document.querySelectorAll('p, div, li, h1, h2, h3, h4, h5, h6, td, th, br, pre, blockquote, figcaption, tr, dt, dd')) block.after(document.createTextNode(' '));
  return document.body.textContent ?? '';
}

/** The title is metadata: when the reference's text begins with it, it does not count as body. */
function withoutLeadingTitle(words, title) {
  const titleWords = tokens(title ?? '');
  if (titleWords.length === 0) return words;
  const starts = titleWords.every((word, at) => words[at] === word);
  return starts ? words.slice(titleWords.length) : words;
}

function score(ours, reference) {
  const a = shingles(ours);
  const b = shingles(reference);
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared++;
  const precision = a.size === 0 ? (b.size === 0 ? 1 : 0) : shared / a.size;
  const recall = b.size === 0 ? 1 : shared / b.size;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

// --- metadata ------------------------------------------------------------------------------

const plain = (text) =>
  (text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201c\u201d"'`]/g, '')
    .replace(/^\s*by\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

// Readability's reference titles keep what <title> carries ("… - Wikipedia", "…_科技_腾讯网",
// "… [LWN.net]"): a title that is the reference without such a site-name part is the headline,
// and counts as right. --json reports the strict match too.
const SITE_PART = /\s+[|\-\u2013\u2014\u00B7:\u00BB]\s+|_/;
function titleCores(expected) {
  const cores = [expected, expected.replace(/\s*\[[^\]]*\]\s*$/, '')];
  const parts = expected.split(SITE_PART);
  for (let cut = 1; cut < parts.length; cut++) cores.push(parts.slice(0, cut).join(' '), parts.slice(cut).join(' '));
  return cores.map(plain);
}
const sameTitle = (ours, expected) => {
  const folded = plain(ours).replace(SITE_PART, ' ');
  return titleCores(expected ?? '').some((core) => core === plain(ours) || core.replace(SITE_PART, ' ') === folded);
};
function sameAuthor(ours, expected) {
  const a = plain(ours);
  const b = plain(expected);
  return a !== '' && (a === b || a.includes(b) || b.includes(a));
}
function sameDate(ours, expected) {
  if (!ours) return false;
  const a = Date.parse(ours);
  const b = Date.parse(expected);
  return a === b || ours.slice(0, 10) === expected.slice(0, 10);
}

// --- the run -------------------------------------------------------------------------------

const pages = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(corpus, entry.name, 'source.html')))
  .map((entry) => entry.name)
  .filter((name) => onlyPage === undefined || name === onlyPage || name === showPage)
  .sort();

const results = [];
for (const name of pages) {
  const dir = join(corpus, name);
  const source = readFileSync(join(dir, 'source.html'), 'utf8');
  const expectedHtml = readFileSync(join(dir, 'expected.html'), 'utf8');
  const expected = existsSync(join(dir, 'expected-metadata.json')) ? JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) : {};
  const pageUrl = `http://fakehost/test/${name}/`;
  const started = performance.now();
  let article;
  let error;
  try {
    article = extractArticle(source, pageUrl);
  } catch (caught) {
    error = caught;
  }
  const ms = performance.now() - started;
  const ourWords = article ? tokens(markdownText(article.markdown)) : [];
  const referenceWords = withoutLeadingTitle(tokens(referenceText(expectedHtml)), expected.title);
  const body = score(ourWords, referenceWords);
  const result = {
    name,
    ms: Math.round(ms * 10) / 10,
    bytes: source.length,
    ...body,
    error: error ? `${error.name}: ${error.message}` : undefined,
    title: { ours: article?.title, expected: expected.title, right: sameTitle(article?.title, expected.title), strict: plain(article?.title) === plain(expected.title) },
    author: expected.byline ? { ours: article?.author, expected: expected.byline, right: sameAuthor(article?.author, expected.byline) } : undefined,
    date: expected.publishedTime ? { ours: article?.date, expected: expected.publishedTime, right: sameDate(article?.date, expected.publishedTime) } : undefined,
  };
  results.push(result);
  if (name === showPage) {
    console.log(`=== ours (${name}) ===\n${article?.markdown ?? error}\n\n=== reference text ===\n${referenceWords.join(' ')}\n`);
  }
}

const mean = (values) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
const precision = mean(results.map((result) => result.precision));
const recall = mean(results.map((result) => result.recall));
const rate = (key) => {
  const stated = results.filter((result) => result[key] !== undefined);
  return { right: stated.filter((result) => result[key].right).length, of: stated.length };
};
const summary = {
  pages: results.length,
  precision,
  recall,
  f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  meanPageF1: mean(results.map((result) => result.f1)),
  title: rate('title'),
  titleStrict: { right: results.filter((result) => result.title.strict).length, of: results.length },
  author: rate('author'),
  date: rate('date'),
  msPerPage: mean(results.map((result) => result.ms)),
  slowestMs: Math.max(...results.map((result) => result.ms)),
};

if (asJson) {
  console.log(JSON.stringify({ summary, results }, null, 2));
} else {
  const pct = (value) => `${(value * 100).toFixed(1)}%`.padStart(6);
  console.log('page                      prec  recall      F1      ms');
  for (const result of results) {
    console.log(`${result.name.padEnd(22)} ${pct(result.precision)}  ${pct(result.recall)}  ${pct(result.f1)}  ${String(result.ms).padStart(6)}${result.error ? `  ${result.error}` : ''}`);
  }
  console.log(`\nworst ${worstCount} by F1:`);
  for (const result of [...results].sort((a, b) => a.f1 - b.f1).slice(0, worstCount)) {
    console.log(`  ${result.name.padEnd(22)} F1 ${pct(result.f1)} (precision ${pct(result.precision)}, recall ${pct(result.recall)})`);
  }
  const misses = (key) =>
    results
      .filter((result) => result[key] && !result[key].right)
      .map((result) => `  ${key} ${result.name}: ours ${JSON.stringify(result[key].ours)}, expected ${JSON.stringify(result[key].expected)}`);
  const missed = [...misses('title'), ...misses('author'), ...misses('date')];
  if (missed.length > 0) console.log(`\nmetadata misses:\n${missed.join('\n')}`);
  const share = ({ right, of }) => `${right}/${of} (${pct(of === 0 ? 1 : right / of).trim()})`;
  console.log(`\n${summary.pages} pages: precision ${pct(precision)}, recall ${pct(recall)}, F1 ${pct(summary.f1)} (mean page F1 ${pct(summary.meanPageF1).trim()})`);
  console.log(`title ${share(summary.title)} (word for word ${share(summary.titleStrict)}), author ${share(summary.author)}, date ${share(summary.date)}`);
  console.log(`time ${summary.msPerPage.toFixed(1)} ms a page on average, slowest ${summary.slowestMs.toFixed(1)} ms`);
}
