#!/usr/bin/env node
// npm run bench [-- --runs N] [-- --check] [-- --library-only | --no-library]
//
// Times whole commands as a user runs them: a fresh process each run, output piped, several runs
// after a warm-up, the commands interleaved so that machine noise hits them all alike. Prints
// each command's median and spread of wall time, its peak memory (and in the library table its
// page faults), and its ratio to bare `node -e ''` measured in the same run. --check exits 1
// when a ratio is over its budget.
// The library at 1k/10k/50k (scripts/bench/library.mjs) comes last: --library-only runs it alone,
// --no-library leaves it out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryBench } from './bench/library.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'news.cjs');
const args = process.argv.slice(2);
const check = args.includes('--check');
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const bigRuns = Math.max(3, Math.round(runs / 4));
const libraryOnly = args.includes('--library-only');
const withLibrary = !args.includes('--no-library');

if (!existsSync(join(root, 'dist', 'news.cjs'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const LOWDOWN = ['/usr/bin/lowdown', '/usr/local/bin/lowdown'].find((path) => existsSync(path));
const work = mkdtempSync(join(tmpdir(), 'news-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

async function runLibraryRows() {
  const { table, base, growth, floors, fetchLines, failures: missed } = await libraryBench({
    node: process.execPath,
    root,
    bin,
    work,
    runs,
    runOnce,
    measure,
    baseline: { name: "node -e ''", argv: [process.execPath, '-e', ''], home: work, baseline: true },
  });
  // Page faults (minor: fresh memory mapped) are the same from run to run where times move
  // with the host, and on a VM each costs microseconds: they say where memory is touched.
  const rows = [['command', 'median ms', 'p25–p75 ms', 'peak MB', 'page faults', 'time ×node', 'budget']];
  rows.push([`node -e ''`, base.median.toFixed(1), `${base.p25.toFixed(1)}–${base.p75.toFixed(1)}`, base.memory.toFixed(1), String(base.faults), '1.00×', '']);
  for (const { command, r, ratio, budget } of table) rows.push([command.name, r.median.toFixed(1), `${r.p25.toFixed(1)}–${r.p75.toFixed(1)}`, r.memory.toFixed(1), String(r.faults), `${ratio.toFixed(2)}×`, budget]);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const line = (row) => `| ${row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join(' | ')} |`;
  console.log(`\nThe library at scale (fetched by news fetch, plus the reader's own files):`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\nGrowth:\n${growth.join('\n')}\n\nFloors (start-up, and for list and search the lstat of the own files):\n${floors.join('\n')}\n\n${fetchLines.join('\n')}`);
  return missed;
}

if (libraryOnly) {
  const missed = await runLibraryRows();
  console.log(`\nMachine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${runs} runs.`);
  if (check && missed.length > 0) {
    console.error(`\nbench --check: over budget:\n  ${missed.join('\n  ')}`);
    process.exit(1);
  }
  process.exit(0);
}

// --- libraries -------------------------------------------------------------------------------
const article = readFileSync(join(root, 'articles', 'witkoff-leak.md'), 'utf8');
const body = article.replace(/^---[\s\S]*?\n---\n/, '');

function generatedArticle(n, bytes) {
  const words = ['dispatch', 'council', 'harbour', 'ministers', 'agreed', 'river', 'ledger', 'winter', 'the', 'of', 'and', 'a', 'report', 'signal'];
  let text = `---\ntitle: Generated article number ${n} about the harbour council\ndek: A standfirst for article ${n}.\ndate: 2025-11-${String((n % 28) + 1).padStart(2, '0')}\n---\n\n`;
  let section = 0;
  while (text.length < bytes) {
    if (text.length > section * 1500) text += `## Section ${++section} of article ${n}\n\n`;
    let paragraph = '';
    for (let i = 0; i < 60; i++) paragraph += `${words[(n * 7 + i * 13 + section) % words.length]} `;
    text += `${paragraph.trim()}.\n\n`;
  }
  return text;
}

function library(name, count) {
  const home = join(work, name);
  mkdirSync(join(home, 'articles'), { recursive: true });
  for (let n = 1; n <= count; n++) writeFileSync(join(home, 'articles', `generated-${n}.md`), generatedArticle(n, 5000));
  return home;
}

function bigArticle(home, slug, bytes, unit = body) {
  mkdirSync(join(home, 'articles'), { recursive: true });
  let text = '---\ntitle: A very long article\n---\n\n';
  while (text.length < bytes) text += unit.replace(/^## /gm, `## Part ${text.length} · `);
  writeFileSync(join(home, 'articles', `${slug}.md`), text);
}

const small = join(work, 'small');
mkdirSync(join(small, 'articles'), { recursive: true });
// An article with emphasis, links, lists and quotes, as web articles are.
const formattedBody = `${body.replace(/(\S+ \S+)\./g, '*$1*.').replace(/Witkoff/g, '[Witkoff](https://example.org/witkoff)')}\n\n- a list item with **bold**\n- another\n\n> A quote to close.\n`;
writeFileSync(join(small, 'articles', 'formatted.md'), `---\ntitle: A formatted article\n---\n\n${formattedBody}`);
const lib1k = library('lib1k', 1000);
const lib10k = library('lib10k', 10000);
const big = join(work, 'big');
bigArticle(big, 'one-mb', 1_000_000);
bigArticle(big, 'ten-mb', 10_000_000);
bigArticle(big, 'one-mb-formatted', 1_000_000, formattedBody);
bigArticle(big, 'ten-mb-formatted', 10_000_000, formattedBody);
// Real articles, long ones among them, for search: the saved pages of the extraction corpus
// (beside the project, where there is one), added as a reader adds pages.
const corpus = join(root, '..', 'shared', 'corpus', 'readability');
const realPages = join(work, 'real-pages');
const realPageNames = existsSync(corpus) ? readdirSync(corpus).filter((name) => existsSync(join(corpus, name, 'source.html'))) : [];
for (const name of realPageNames) runOnce({ name: `news add ${name}`, argv: [bin, 'add', join(corpus, name, 'source.html'), '--slug', name], home: realPages });

// --- commands --------------------------------------------------------------------------------
const node = process.execPath;
let reactionFlip = 0;
const commands = [
  { name: "node -e ''", argv: [node, '-e', ''], baseline: true },
  { name: 'news read witkoff-leak', argv: [bin, 'read', 'witkoff-leak'], home: small, budget: 1.4, memoryBudget: 1.3 },
  { name: 'news read witkoff-leak, no code cache', argv: [bin, 'read', 'witkoff-leak'], home: small, env: { NEWS_CODE_CACHE: '0' } },
  { name: 'news read formatted (emphasis, links)', argv: [bin, 'read', 'formatted'], home: small, budget: 1.4 },
  { name: 'news sections witkoff-leak', argv: [bin, 'sections', 'witkoff-leak'], home: small, budget: 1.4 },
  { name: 'news list', argv: [bin, 'list'], home: small, budget: 1.4 },
  // Alternate the emoji so that every run really writes the file.
  { name: 'news react 😮 witkoff-leak', argv: () => [bin, 'react', reactionFlip++ % 2 ? '😮' : '👍', 'witkoff-leak'], home: small, budget: 1.4 },
  { name: 'news search ushakov', argv: [bin, 'search', 'ushakov'], home: small },
  ...(realPageNames.length > 0
    ? [
        { name: `${realPageNames.length} real articles: news search government`, argv: [bin, 'search', 'government'], home: realPages },
        { name: `${realPageNames.length} real articles: news search the`, argv: [bin, 'search', 'the'], home: realPages },
      ]
    : []),
  { name: 'marked + marked-terminal script', argv: [node, join(root, 'scripts', 'bench', 'marked-baseline.mjs'), join(root, 'articles', 'witkoff-leak.md')] },
  ...(LOWDOWN ? [{ name: 'lowdown -Tterm', argv: [LOWDOWN, '-Tterm', join(root, 'articles', 'witkoff-leak.md')] }] : []),
  { name: '1k: news read generated-500', argv: [bin, 'read', 'generated-500'], home: lib1k, group: 'read', size: 1000 },
  { name: '1k: news sections generated-500', argv: [bin, 'sections', 'generated-500'], home: lib1k, group: 'sections', size: 1000 },
  { name: '1k: news list', argv: [bin, 'list'], home: lib1k, group: 'list', size: 1000 },
  { name: '10k: news read generated-5000', argv: [bin, 'read', 'generated-5000'], home: lib10k, budget: 1.4, group: 'read', size: 10000 },
  { name: '10k: news sections generated-5000', argv: [bin, 'sections', 'generated-5000'], home: lib10k, budget: 1.4, group: 'sections', size: 10000 },
  { name: '10k: news list', argv: [bin, 'list'], home: lib10k, budget: 2, group: 'list', size: 10000 },
  // What checking the index costs at the least: Node listing the folder and lstat-ing every file.
  { name: '10k: floor: node, readdir + lstat each', argv: [node, join(root, 'scripts', 'bench', 'stat-floor.cjs')], home: lib10k },
  { name: '1k: news search harbour council', argv: [bin, 'search', 'harbour', 'council'], home: lib1k, group: 'search', size: 1000 },
  { name: '10k: news search harbour council', argv: [bin, 'search', 'harbour', 'council'], home: lib10k, group: 'search', size: 10000 },
];
const bigCommands = [
  { name: 'news read one-mb (1 MB)', argv: [bin, 'read', 'one-mb'], home: big, bytes: 1 },
  { name: 'news read ten-mb (10 MB)', argv: [bin, 'read', 'ten-mb'], home: big, bytes: 10 },
  { name: 'news read one-mb-formatted (1 MB)', argv: [bin, 'read', 'one-mb-formatted'], home: big, bytes: 1, formatted: true },
  { name: 'news read ten-mb-formatted (10 MB)', argv: [bin, 'read', 'ten-mb-formatted'], home: big, bytes: 10, formatted: true },
];
// A 10 MB article, plain or formatted: at most this long beyond bare node's start-up, and this peak.
const BIG_BUDGET_MS = 600;
const BIG_BUDGET_MIB = 200;

function runOnce(command) {
  const argv = typeof command.argv === 'function' ? command.argv() : command.argv;
  // The same small environment for every command: variables like NODE_EXTRA_CA_CERTS slow
  // Node's own start-up, and would flatter the ratios.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NEWS_HOME: command.home ?? small, ...command.env };
  // Marked, on a line of its own: a command's stderr that ends without a newline, or in digits,
  // would otherwise run into what /usr/bin/time says.
  const full = TIME ? [TIME, '-f', '\nbench-time %M %R', ...argv] : argv;
  const started = process.hrtime.bigint();
  const result = spawnSync(full[0], full.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command.name} failed (${result.status}): ${result.stderr.toString().slice(-500)}`);
  }
  // Peak memory (KiB) and minor page faults.
  const said = TIME ? /^bench-time (\d+) (\d+)$/m.exec(result.stderr.toString()) : null;
  if (TIME && !said) throw new Error(`${command.name}: /usr/bin/time said no peak memory and page faults`);
  return { ms, memory: said ? Number(said[1]) / 1024 : NaN, faults: said ? Number(said[2]) : NaN };
}

function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

function measure(set, count) {
  const samples = new Map(set.map((command) => [command, []]));
  for (const command of set) {
    runOnce(command); // warm-up: file cache, first-run effects (an index is built here)
    runOnce(command);
  }
  for (let run = 0; run < count; run++) for (const command of shuffle(set)) samples.get(command).push(runOnce(command));
  return new Map(
    [...samples].map(([command, list]) => {
      const times = list.map((s) => s.ms).sort((a, b) => a - b);
      const memories = list.map((s) => s.memory).sort((a, b) => a - b);
      const faults = list.map((s) => s.faults).sort((a, b) => a - b);
      return [command, { median: quantile(times, 0.5), p25: quantile(times, 0.25), p75: quantile(times, 0.75), memory: quantile(memories, 0.5), faults: quantile(faults, 0.5) }];
    }),
  );
}

console.error(`bench: ${runs} runs each (${bigRuns} for the large articles), interleaved, after a warm-up…`);
const results = measure(commands, runs);
const baseline = results.get(commands[0]);
const bigResults = measure([commands[0], ...bigCommands], bigRuns);
const bigBaseline = bigResults.get(commands[0]);

// --- report ----------------------------------------------------------------------------------
const failures = [];
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);
const fmt = (ms) => `${ms.toFixed(1)}`;
const rows = [['command', 'median ms', 'p25–p75 ms', 'peak MB', 'time ×node', 'mem ×node', 'budget']];
for (const command of commands) {
  const r = results.get(command);
  const ratio = r.median / baseline.median;
  const memoryRatio = r.memory / baseline.memory;
  let budget = '';
  if (command.budget) {
    const ok = ratio <= command.budget;
    // Three decimals when over: a ratio of 1.401 shows as 1.40 in its column.
    budget = `≤${command.budget}× ${ok ? 'ok' : `OVER (${ratio.toFixed(3)}×)`}`;
    if (!ok) failures.push(`${command.name}: ${ratio.toFixed(2)}× > ${command.budget}×`);
  }
  if (command.memoryBudget) {
    const ok = memoryRatio <= command.memoryBudget;
    budget += `, mem ≤${command.memoryBudget}× ${ok ? 'ok' : 'OVER'}`;
    if (!ok) failures.push(`${command.name} memory: ${memoryRatio.toFixed(2)}× > ${command.memoryBudget}×`);
  }
  rows.push([command.name, fmt(r.median), `${fmt(r.p25)}–${fmt(r.p75)}`, Number.isNaN(r.memory) ? 'n/a' : r.memory.toFixed(1), `${ratio.toFixed(2)}×`, Number.isNaN(memoryRatio) ? 'n/a' : `${memoryRatio.toFixed(2)}×`, budget]);
}
for (const command of bigCommands) {
  const r = bigResults.get(command);
  rows.push([command.name, fmt(r.median), `${fmt(r.p25)}–${fmt(r.p75)}`, r.memory.toFixed(1), `${(r.median / bigBaseline.median).toFixed(2)}×`, `${(r.memory / bigBaseline.memory).toFixed(2)}×`, '']);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
const line = (row) => `| ${row.map((cell, column) => (column === 0 ? pad(cell, widths[column]) : lpad(cell, widths[column]))).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((width, column) => (column === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
for (const row of rows.slice(1)) console.log(line(row));

console.log('\nGrowth from 1,000 to 10,000 articles (time beyond bare node):');
for (const group of ['read', 'sections', 'list', 'search']) {
  const [small1k, large10k] = [1000, 10000].map((size) => results.get(commands.find((c) => c.group === group && c.size === size)));
  const growth = (large10k.median - baseline.median) / Math.max(0.1, small1k.median - baseline.median);
  console.log(`  ${pad(group, 9)} ${fmt(small1k.median - baseline.median)} ms → ${fmt(large10k.median - baseline.median)} ms  (×${growth.toFixed(1)} for 10× the articles)`);
}
for (const formatted of [false, true]) {
  const kind = formatted ? 'formatted' : 'plain';
  const [oneMb, tenMb] = [1, 10].map((bytes) => bigResults.get(bigCommands.find((command) => command.bytes === bytes && !command.formatted === !formatted)));
  const beyond = tenMb.median - bigBaseline.median;
  const linear = beyond / Math.max(0.1, oneMb.median - bigBaseline.median);
  const memoryGrowth = (tenMb.memory - bigBaseline.memory) / Math.max(0.1, oneMb.memory - bigBaseline.memory);
  console.log(`${formatted ? '' : '\n'}Large ${kind} articles: 1 MB in ${fmt(oneMb.median - bigBaseline.median)} ms, 10 MB in ${fmt(beyond)} ms beyond start-up (budget ${BIG_BUDGET_MS}), peak ${tenMb.memory.toFixed(1)} MiB (budget ${BIG_BUDGET_MIB}): ×${linear.toFixed(1)} the work for ×10 the text; memory beyond node ×${memoryGrowth.toFixed(1)}.`);
  if (linear > 12) failures.push(`10 MB ${kind} article: ×${linear.toFixed(1)} the work of 1 MB (should be about ×10)`);
  if (beyond > BIG_BUDGET_MS) failures.push(`10 MB ${kind} article: ${fmt(beyond)} ms beyond start-up > ${BIG_BUDGET_MS} ms`);
  // /usr/bin/time gives KiB: the memory column is MiB.
  if (tenMb.memory > BIG_BUDGET_MIB) failures.push(`10 MB ${kind} article: peak ${tenMb.memory.toFixed(1)} MiB > ${BIG_BUDGET_MIB} MiB`);
}

// --- the web --------------------------------------------------------------------------------
// A 1 MB saved page through reader mode; 200 feeds of 50 items from a local server; extraction F1.
{
  const webHome = join(work, 'web');
  mkdirSync(webHome, { recursive: true });
  let page = '<!doctype html><html><head><meta charset="utf-8"><title>A long page</title><meta name="author" content="A. Writer"></head><body><nav><a href="/">Home</a></nav><article><h1>A long page</h1>';
  for (let n = 0; page.length < 1_000_000; n++) page += `${n % 12 === 0 ? `<h2>Part ${n}</h2>` : ''}<p>${body.slice((n * 97) % 4000, ((n * 97) % 4000) + 600).replace(/[<>&]/g, ' ')} <a href="/x/${n}">more</a> <em>noted</em>.</p>`;
  writeFileSync(join(webHome, 'page.html'), `${page}</article><footer>Footer</footer></body></html>`);
  const addPage = { name: 'news add page.html (1 MB)', argv: [bin, 'add', join(webHome, 'page.html'), '--slug', 'long-page', '--force'], home: webHome };
  const addResults = measure([commands[0], addPage], bigRuns);
  const add = addResults.get(addPage);
  const addBase = addResults.get(commands[0]);
  console.log(`\nnews add of a 1 MB saved page: ${fmt(add.median)} ms (${fmt(add.median - addBase.median)} ms beyond bare node), peak ${add.memory.toFixed(1)} MB.`);

  const server = spawn(node, [join(root, 'scripts', 'bench', 'feed-server.cjs'), '200', '50'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => server.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
  try {
    const feedHome = join(work, 'feeds');
    mkdirSync(feedHome, { recursive: true });
    const outlines = Array.from({ length: 200 }, (_, n) => `<outline type="rss" text="Bench feed ${n}" xmlUrl="http://127.0.0.1:${port}/feed/${n}.xml"/>`).join('');
    writeFileSync(join(feedHome, 'subs.opml'), `<?xml version="1.0"?><opml version="2.0"><body>${outlines}</body></opml>`);
    runOnce({ name: 'feed import', argv: [bin, 'feed', 'import', join(feedHome, 'subs.opml')], home: feedHome });
    const first = runOnce({ name: 'news fetch (200 feeds, all new)', argv: [bin, 'fetch'], home: feedHome });
    const again = runOnce({ name: 'news fetch (nothing new)', argv: [bin, 'fetch'], home: feedHome });
    console.log(`news fetch of 200 feeds × 50 items, all new: ${(first.ms / 1000).toFixed(1)} s, ${Math.round(10000 / (first.ms / 1000))} articles a second, peak ${first.memory.toFixed(1)} MB.`);
    console.log(`news fetch again, nothing new (the server ignores conditional requests): ${(again.ms / 1000).toFixed(1)} s, peak ${again.memory.toFixed(1)} MB.`);
  } finally {
    server.kill();
  }
  if (existsSync(corpus)) {
    const score = spawnSync(node, [join(root, 'scripts', 'score-extraction.mjs'), '--corpus', corpus], { encoding: 'utf8' });
    const summary = score.stdout.split('\n').filter((text) => /pages: precision|^title /.test(text));
    console.log(`Extraction against Readability's expected output (${corpus}):\n  ${summary.join('\n  ')}`);
  }
}

// --- the full-screen reader -----------------------------------------------------------------
{
  const { benchBrowse, reportBrowse } = await import('./bench/browse.mjs');
  reportBrowse(await benchBrowse({ bin, runs }), failures);
}

if (withLibrary) failures.push(...(await runLibraryRows()));

console.log(`\nMachine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${runs} runs.`);
if (check) {
  if (failures.length > 0) {
    console.error(`\nbench --check: over budget:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.error('\nbench --check: every budget met');
}
