// For `npm run bench`: serves FEEDS RSS feeds of ITEMS items each on 127.0.0.1, each item with
// HTML content (headings, links, emphasis), and ignores conditional requests, as many servers
// do. Prints its port on the first line of stdout.
'use strict';
const { createServer } = require('node:http');

const feeds = Number(process.argv[2] || 200);
const items = Number(process.argv[3] || 50);
const words = ['harbour', 'council', 'ledger', 'winter', 'river', 'signal', 'dispatch', 'ministers', 'agreed', 'report'];
// A news library's vocabulary is hundreds of thousands of words (names, places, numbers), most
// of them rare: every third word is drawn from 300,000 made-up ones, the lower numbers far more
// often (about as Zipf's law has it), so that the search index's dictionary is as large as a
// real one's.
const RARE_WORDS = 300_000;

/** A made-up word, the same for the same number: letters only, as a word in a text is. */
function rareWord(n) {
  let word = '';
  for (let value = n + 1; value > 0; value = Math.floor(value / 20)) word += 'bcdfghjklmnpqrstvwxz'[value % 20] + 'aeiou'[value % 5];
  return word;
}

/** A number in [0, 1) from two others, the same for the same two. */
function unit(seed, i) {
  const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function paragraph(seed) {
  let text = '';
  for (let i = 0; i < 45; i++) text += `${i % 3 === 2 ? rareWord(Math.floor(RARE_WORDS ** unit(seed, i)) - 1) : words[(seed + i * 7) % words.length]} `;
  return `<p>${text.trim()}, with <em>emphasis</em> and <a href="/more/${seed}">a link</a>.</p>`;
}

function feed(n) {
  const entries = [];
  for (let i = 0; i < items; i++) {
    const seed = n * 1000 + i;
    const content = `${paragraph(seed)}<h2>What happened</h2>${paragraph(seed + 1)}${paragraph(seed + 2)}<h2>What comes next</h2>${paragraph(seed + 3)}`;
    entries.push(`<item><title>Story ${i} of feed ${n}: the ${words[seed % words.length]} ${words[(seed + 3) % words.length]}</title><link>https://feed${n}.example/story/${i}</link><guid>feed${n}-story-${i}</guid><pubDate>${new Date(Date.UTC(2026, 10, 1) + seed * 60000).toUTCString()}</pubDate><description>Summary ${i}</description><content:encoded><![CDATA[${content}]]></content:encoded></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench feed ${n}</title><link>https://feed${n}.example/</link>${entries.join('')}</channel></rss>`;
}

const cache = new Map();
const server = createServer((request, response) => {
  const match = /^\/feed\/(\d+)\.xml$/.exec(request.url || '');
  if (!match || Number(match[1]) >= feeds) return response.writeHead(404).end();
  const n = Number(match[1]);
  if (!cache.has(n)) cache.set(n, feed(n));
  response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(cache.get(n));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
