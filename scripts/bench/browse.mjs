// The full-screen reader's two figures, taken in a pseudo-terminal (script(1) makes one):
//   - start to the first frame of the list, beside bare `node -e ''` started in the same way
//     (budget 1.6x);
//   - a page-down key to its frame, in a 1 MB article (budget 16 ms, one frame at 60 Hz).
// A frame ends with the synchronized-output mark news writes after each one (\e[?2026l).
//
//   node scripts/bench/browse.mjs [--runs N]      (also run by npm run bench)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME_END = '\u001B[?2026l';
const root = fileURLToPath(new URL('../..', import.meta.url));

const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A command in a pseudo-terminal of the given size; `frames` resolves at each frame's end. */
function inTerminal(argv, { home, columns = 80, rows = 24 }) {
  const started = process.hrtime.bigint();
  const child = spawn('script', ['-qfec', `stty cols ${columns} rows ${rows}; exec ${argv.map(quote).join(' ')}`, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'xterm-256color', NEWS_HOME: home },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let output = '';
  let seen = 0;
  const waiting = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    output += text;
    for (let at = output.indexOf(FRAME_END, seen); at !== -1; at = output.indexOf(FRAME_END, seen)) {
      seen = at + FRAME_END.length;
      waiting.shift()?.(process.hrtime.bigint());
    }
  });
  const exited = new Promise((resolve) => child.on('close', () => resolve(process.hrtime.bigint())));
  return {
    started,
    exited,
    nextFrame: () => new Promise((resolve) => waiting.push(resolve)),
    type: (keys) => child.stdin.write(keys),
    close: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

const ms = (from, to) => Number(to - from) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchBrowse({ bin, runs = 15, node = process.execPath }) {
  const work = mkdtempSync(join(tmpdir(), 'news-bench-browse-'));
  try {
    const home = join(work, 'home');
    mkdirSync(join(home, 'articles'), { recursive: true });
    // A library of 200 articles for the list, and a 1 MB article, the newest, first in it.
    const body = readFileSync(join(root, 'articles', 'witkoff-leak.md'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    for (let n = 0; n < 200; n++) writeFileSync(join(home, 'articles', `story-${n}.md`), `---\ntitle: Story ${n} from the harbour\ndate: 2026-01-${String((n % 28) + 1).padStart(2, '0')}\nsource: Gazette\n---\n\n${body.slice(0, 3000)}\n`);
    let big = '---\ntitle: A very long article\ndate: 2030-01-01\n---\n\n';
    while (big.length < 1_000_000) big += body.replace(/^## /gm, `## Part ${big.length} \u00B7 `).replace(/(\w+ \w+)\./g, '*$1*.');
    writeFileSync(join(home, 'articles', 'one-mb.md'), big);

    const firstFrame = [];
    const bare = [];
    // Warm: the code cache is written after the first run of each.
    for (let run = 0; run < runs + 2; run++) {
      const news = inTerminal([node, bin, 'browse'], { home });
      const frame = await news.nextFrame();
      news.type('q');
      await news.exited;
      const baseline = inTerminal([node, '-e', ''], { home });
      const done = await baseline.exited;
      if (run >= 2) {
        firstFrame.push(ms(news.started, frame));
        bare.push(ms(baseline.started, done));
      }
    }

    const pageDowns = [];
    for (let run = 0; run < Math.max(3, Math.round(runs / 5)); run++) {
      const news = inTerminal([node, bin, 'browse'], { home, columns: 100, rows: 40 });
      await news.nextFrame();
      // Enter draws "Opening…", then the article.
      const opening = news.nextFrame();
      const opened = news.nextFrame();
      news.type('\r');
      await opening;
      await opened;
      for (let press = 0; press < 30; press++) {
        const sent = process.hrtime.bigint();
        const drawn = news.nextFrame();
        news.type(' ');
        pageDowns.push(ms(sent, await drawn));
      }
      news.type('qq');
      await news.exited;
    }
    return { firstFrame: median(firstFrame), bare: median(bare), pageDown: median(pageDowns), pageDownWorst: Math.max(...pageDowns), runs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function reportBrowse({ firstFrame, bare, pageDown, pageDownWorst, runs }, failures = []) {
  const ratio = firstFrame / bare;
  console.log('\nThe full-screen reader, in a pseudo-terminal:');
  console.log(`  start to the first frame of the list (200 articles): ${firstFrame.toFixed(1)} ms; bare node -e '' ${bare.toFixed(1)} ms: ${ratio.toFixed(2)}\u00D7 (budget \u22641.6\u00D7 ${ratio <= 1.6 ? 'ok' : 'OVER'})`);
  console.log(`  page-down to its frame, 1 MB article: median ${pageDown.toFixed(2)} ms, worst ${pageDownWorst.toFixed(2)} ms (budget \u226416 ms ${pageDown <= 16 ? 'ok' : 'OVER'}); ${runs} runs`);
  if (ratio > 1.6) failures.push(`browse first frame: ${ratio.toFixed(2)}\u00D7 > 1.6\u00D7`);
  if (pageDown > 16) failures.push(`browse page-down: ${pageDown.toFixed(1)} ms > 16 ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
  reportBrowse(await benchBrowse({ bin: join(root, 'bin', 'news.cjs'), runs }));
}
