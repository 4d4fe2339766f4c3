// The library at scale, for `npm run bench` (issue 13): libraries of 1,000, 10,000 and 50,000
// articles made as a reader makes them, by `news fetch` from a local feed server (245 items a
// feed, HTML with headings, links and emphasis) plus 2% of the reader's own Markdown files; the
// fetch itself is timed on the largest. Then list, search and read at each size against bare
// node, and the reader's own 10,000 files against the floor of listing and lstat-ing them.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ITEMS = 245;

function ownArticle(n) {
  const words = ['dispatch', 'council', 'harbour', 'ministers', 'agreed', 'river', 'ledger', 'winter', 'the', 'of', 'and', 'a', 'report', 'signal'];
  let text = `---\ntitle: My own note number ${n} on the harbour council\ndate: 2025-10-${String((n % 28) + 1).padStart(2, '0')}\n---\n\n`;
  for (let section = 1; section <= 3; section++) {
    text += `## Part ${section}\n\n`;
    let paragraph = '';
    for (let i = 0; i < 80; i++) paragraph += `${words[(n * 7 + i * 13 + section) % words.length]} `;
    text += `${paragraph.trim()}, with *emphasis* and [a link](https://example.org/${n}).\n\n`;
  }
  return text;
}

function writeOwn(home, count) {
  mkdirSync(join(home, 'articles'), { recursive: true });
  for (let n = 1; n <= count; n++) writeFileSync(join(home, 'articles', `own-${n}.md`), ownArticle(n));
}

async function withFeedServer(node, root, feeds, work) {
  const server = spawn(node, [join(root, 'scripts', 'bench', 'feed-server.cjs'), String(feeds), String(ITEMS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => server.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
  try {
    return await work(port);
  } finally {
    server.kill();
  }
}

/** A library of `feeds` × 245 fetched articles and `own` files of the reader's; returns the fetch times. */
async function makeLibrary({ node, root, bin, runOnce }, home, feeds, own) {
  mkdirSync(home, { recursive: true });
  writeOwn(home, own);
  return withFeedServer(node, root, feeds, async (port) => {
    const outlines = Array.from({ length: feeds }, (_, n) => `<outline type="rss" text="Bench feed ${n}" xmlUrl="http://127.0.0.1:${port}/feed/${n}.xml"/>`).join('');
    writeFileSync(join(home, 'subs.opml'), `<?xml version="1.0"?><opml version="2.0"><body>${outlines}</body></opml>`);
    runOnce({ name: 'feed import', argv: [bin, 'feed', 'import', join(home, 'subs.opml')], home });
    const first = runOnce({ name: `news fetch (${feeds} feeds, all new)`, argv: [bin, 'fetch'], home });
    const again = runOnce({ name: `news fetch (${feeds} feeds, nothing new)`, argv: [bin, 'fetch'], home });
    return { first, again };
  });
}

/** A command run in a terminal of 100×40 (util-linux script), sent q: news browse's first frame, then quitting. */
function underTerminal(...argv) {
  const command = argv.map((arg) => `"${arg}"`).join(' ');
  return ['/bin/sh', '-c', `printf q | script -qefc 'stty cols 100 rows 40; ${command}' /dev/null > /dev/null`];
}

/**
 * The arguments of `news read` for a new article at each call: feed 2's stories from the 100th,
 * then feed 3's (every library has four feeds or more: 290 readings, for 288 runs).
 */
function readingNew(bin) {
  let next = 0;
  return () => {
    const n = next++;
    return [bin, 'read', `story-${100 + (n % (ITEMS - 100))}-of-feed-${2 + Math.floor(n / (ITEMS - 100))}-the`];
  };
}

/**
 * Runs the rows; `measure(set, runs)` and `runOnce(command)` are bench.mjs's. Returns the table
 * rows and the budgets missed.
 */
export async function libraryBench({ node, root, bin, work, runs, runOnce, measure, baseline }) {
  const sizes = [
    { label: '1k', feeds: 4, own: 20 },
    { label: '10k', feeds: 40, own: 200 },
    { label: '50k', feeds: 200, own: 1000 },
  ];
  let fetchTimes;
  for (const size of sizes) {
    size.home = join(work, `library-${size.label}`);
    console.error(`bench: making the ${size.label} library with news fetch (${size.feeds} feeds × ${ITEMS} items, ${size.own} own files)…`);
    const times = await makeLibrary({ node, root, bin, runOnce }, size.home, size.feeds, size.own);
    if (size.label === '50k') fetchTimes = times;
  }
  const own10k = join(work, 'own-10k');
  writeOwn(own10k, 10000);

  const commands = [baseline];
  for (const { label, home, own } of sizes) {
    const rows = [
      { name: `${label}: news list --limit 20`, argv: [bin, 'list', '--limit', '20'], budget: 1.4, group: 'list --limit 20' },
      { name: `${label}: news list (all, piped)`, argv: [bin, 'list'], budget: 3, group: 'list all' },
      { name: `${label}: news search harbour council`, argv: [bin, 'search', 'harbour', 'council'], budget: 1.5, group: 'search' },
      // Both words are in every article: the worst case. A word in some titles (story 42 of each
      // feed, and feed 42's stories, own note 42: 4, 41 and 445 articles) is the common one.
      { name: `${label}: news search 42`, argv: [bin, 'search', '42'], budget: 1.5, group: 'search 42' },
      { name: `${label}: news read (fetched)`, argv: [bin, 'read', 'story-3-of-feed-1-the'], budget: 1.3, group: 'read fetched' },
      { name: `${label}: news read (own)`, argv: [bin, 'read', `own-${Math.ceil(own / 2)}`], budget: 1.3, group: 'read own' },
      { name: `${label}: news browse, first frame, q`, argv: underTerminal(bin, 'browse'), group: 'browse' },
    ];
    for (const row of rows) commands.push({ ...row, home, size: label });
  }
  // The read rows read an article read before; these a new one each run, whose unread mark is
  // taken from the marks file (feed 2's stories from the 100th: every run and warm-up has its
  // own). That changes the marks the list rows look up, so they are measured apart, after.
  const newReads = sizes.map(({ label, home }) => ({ name: `${label}: news read (a new one)`, argv: readingNew(bin), budget: 1.3, group: 'read new', home, size: label }));
  // What running under a terminal costs by itself: script(1), sh and a node that does nothing.
  commands.push({ name: `node -e 0 under script(1), as browse runs`, argv: underTerminal(node, '-e', '0'), home: sizes[0].home });
  const floor = { name: '10k own: floor: node, readdir + lstat each', argv: [node, join(root, 'scripts', 'bench', 'stat-floor.cjs')], home: own10k };
  // news lstat-s through Node's fs binding (src/storage/file-stamp.ts): its own floor, beside.
  const bindingFloor = { name: '10k own: the same, lstat as news does it', argv: [...floor.argv, '--binding'], home: own10k };
  const ownList = { name: '10k own: news list', argv: [bin, 'list'], home: own10k, floorBudget: 1.2 };
  commands.push(floor, bindingFloor, ownList);
  // Two costs no command can skip, measured beside the rows they bound: news's own start-up (a
  // command with nothing to do: the launcher, the bundle and its code cache, the context), and
  // the lstat of every own file that list and search owe a hand edit, here the 50k library's.
  const empty = join(work, 'library-empty');
  mkdirSync(join(empty, 'articles'), { recursive: true });
  const startUp = { name: 'start-up: news reactions, none yet', argv: [bin, 'reactions'], home: empty };
  const ownFloor50k = { name: '50k own: floor: node, readdir + lstat each', argv: floor.argv, home: sizes[2].home };
  const ownBindingFloor50k = { name: '50k own: the same, lstat as news does it', argv: bindingFloor.argv, home: sizes[2].home };
  const noFiles = { name: 'the same floor, no files', argv: [...floor.argv, '--may-be-empty'], home: empty };
  commands.push(startUp, ownFloor50k, ownBindingFloor50k, noFiles);

  console.error(`bench: library rows, ${runs} runs each, interleaved…`);
  const results = measure(commands, runs);
  const base = results.get(baseline);
  const apart = measure([baseline, ...newReads], runs);
  const resultOf = (command) => (newReads.includes(command) ? apart : results).get(command);
  const baseOf = (command) => (newReads.includes(command) ? apart : results).get(baseline);
  const failures = [];
  const table = [];
  for (const command of [...commands.slice(1), ...newReads]) {
    // The new readings' own bare node, which their ratios are against.
    if (command === newReads[0]) table.push({ command: { name: "node -e '', beside the new readings" }, r: apart.get(baseline), ratio: 1, budget: '' });
    const r = resultOf(command);
    const ratio = r.median / baseOf(command).median;
    let budget = '';
    if (command.budget) {
      const ok = ratio <= command.budget;
      budget = `≤${command.budget}× ${ok ? 'ok' : `OVER (${ratio.toFixed(3)}×)`}`;
      if (!ok) failures.push(`${command.name}: ${ratio.toFixed(2)}× > ${command.budget}×`);
    }
    if (command.floorBudget) {
      const floorRatio = r.median / results.get(floor).median;
      const ok = floorRatio <= command.floorBudget;
      const bindingRatio = r.median / results.get(bindingFloor).median;
      budget = `${floorRatio.toFixed(2)}× floor, ≤${command.floorBudget}× ${ok ? 'ok' : 'OVER'}; ${bindingRatio.toFixed(2)}× news's`;
      if (!ok) failures.push(`${command.name}: ${floorRatio.toFixed(2)}× the floor > ${command.floorBudget}×`);
    }
    table.push({ command, r, ratio, budget });
  }
  const beyond = (command) => resultOf(command).median - baseOf(command).median;
  const growth = [];
  for (const group of ['list --limit 20', 'list all', 'search', 'search 42', 'read fetched', 'read new', 'read own', 'browse']) {
    const times = sizes.map(({ label }) => beyond([...commands, ...newReads].find((c) => c.group === group && c.size === label)));
    growth.push(`  ${group.padEnd(16)} ${times.map((ms) => `${ms.toFixed(1)} ms`).join(' → ')}  (1k → 10k → 50k, beyond bare node)`);
  }
  // What a row must spend before its own work, against what its budget allows beyond bare node.
  const publicLstatMs = results.get(ownFloor50k).median - results.get(noFiles).median;
  const lstatMs = results.get(ownBindingFloor50k).median - results.get(noFiles).median;
  const floors = [
    `  news's own start-up: ${beyond(startUp).toFixed(1)} ms beyond bare node; the lstat of the 50k library's 1,000 own files: ${lstatMs.toFixed(1)} ms as news does it (${publicLstatMs.toFixed(1)} ms through fs.lstatSync).`,
  ];
  for (const group of ['list --limit 20', 'search', 'search 42', 'read fetched', 'read new', 'read own']) {
    const row = [...commands, ...newReads].find((c) => c.group === group && c.size === '50k');
    const floorMs = beyond(startUp) + (group.startsWith('read') ? 0 : lstatMs);
    floors.push(`  ${`50k ${group}`.padEnd(20)} budget allows ${(baseOf(row).median * (row.budget - 1)).toFixed(1)} ms beyond bare node; its floor ${floorMs.toFixed(1)} ms; it takes ${beyond(row).toFixed(1)} ms.`);
  }
  const overFloor = results.get(ownList).median - results.get(floor).median;
  floors.push(`  ${'10k own list'.padEnd(20)} budget allows ${(results.get(floor).median * (ownList.floorBudget - 1)).toFixed(1)} ms beyond its floor; start-up alone ${beyond(startUp).toFixed(1)} ms; it takes ${overFloor.toFixed(1)} ms.`);
  const fetchLines = [
    `news fetch of 200 feeds × ${ITEMS} items, all new: ${(fetchTimes.first.ms / 1000).toFixed(1)} s (budget ≤ 30 s), peak ${fetchTimes.first.memory.toFixed(1)} MB.`,
    `news fetch again, nothing new (the server ignores conditional requests): ${(fetchTimes.again.ms / 1000).toFixed(1)} s (budget ≤ 5 s), peak ${fetchTimes.again.memory.toFixed(1)} MB.`,
  ];
  if (fetchTimes.first.ms > 30_000) failures.push(`news fetch, all new: ${(fetchTimes.first.ms / 1000).toFixed(1)} s > 30 s`);
  if (fetchTimes.again.ms > 5_000) failures.push(`news fetch, nothing new: ${(fetchTimes.again.ms / 1000).toFixed(1)} s > 5 s`);
  return { table, base, growth, floors, fetchLines, failures };
}
