import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { NewsError } from '../../src/errors.js';
import { extractArticle, htmlFragmentToMarkdown } from '../../src/web/extract/index.js';
import { thrownNewsError } from '../helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/pages/${name}/source.html`, import.meta.url), 'utf8');

// Tabs and newlines are allowed, in code only: everything else of C0 and C1 never.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const SENTENCES = [
  'The harbour council met on Tuesday evening to settle the question of the winter ferry timetable.',
  'Ministers had argued for weeks that the river crossing could not carry the extra traffic alone.',
  'Residents of the northern villages said the last boat left too early for anyone working late shifts.',
  'A report commissioned last spring found that most passengers travel between six and eight at night.',
  'The ledger presented to the council showed the service losing money for the third year running.',
];

/** Prose long enough for reader mode to take it for an article. */
const prose = (paragraphs = 6): string =>
  Array.from({ length: paragraphs }, (_, index) => `<p>${SENTENCES.map((sentence, at) => SENTENCES[(at + index) % SENTENCES.length] ?? sentence).join(' ')}</p>`).join('\n');

const page = (head: string, body: string): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('extractArticle: metadata', () => {
  it('reads JSON-LD inside @graph, with authors as a list and the publisher', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Harbour Times' },
        {
          '@type': ['NewsArticle'],
          headline: 'Ferry timetable settled after long night',
          description: 'The council agreed a later last boat.',
          author: [{ '@type': 'Person', name: 'Ann Example' }, { '@type': 'Person', name: 'Bo Sample' }],
          datePublished: '2025-11-03T18:30:00+01:00',
          publisher: { '@type': 'Organization', name: 'Harbour Times' },
        },
      ],
    };
    const article = extractArticle(page(`<title>Ferry | Harbour Times</title><script type="application/ld+json">${JSON.stringify(ld)}</script>`, `<article>${prose()}</article>`), 'https://news.example/2025/ferry');
    expect(article.title).toBe('Ferry timetable settled after long night');
    expect(article.author).toBe('Ann Example, Bo Sample');
    expect(article.date).toBe('2025-11-03T18:30:00+01:00');
    expect(article.source).toBe('Harbour Times');
    expect(article.dek).toBe('The council agreed a later last boat.');
    expect(article.url).toBe('https://news.example/2025/ferry');
  });

  it('reads JSON-LD given as an array, wrapped in CDATA', () => {
    const ld = [{ '@type': 'BreadcrumbList' }, { '@type': 'BlogPosting', headline: 'A post in a list', author: 'Cy Writer', datePublished: '2024-02-29' }];
    const article = extractArticle(page(`<script type="application/ld+json">//<![CDATA[\n${JSON.stringify(ld)}\n//]]></script>`, `<main>${prose()}</main>`));
    expect(article.title).toBe('A post in a list');
    expect(article.author).toBe('Cy Writer');
    expect(article.date).toBe('2024-02-29');
  });

  it('falls back to Open Graph, article: and plain meta tags, and the canonical link', () => {
    const head = [
      '<meta property="og:title" content="Open Graph title">',
      '<meta property="og:description" content="What og says it is about.">',
      '<meta property="og:site_name" content="OG Site">',
      '<meta property="article:author" content="https://social.example/ann">',
      '<meta name="AUTHOR" content="Ann Meta">',
      '<meta property="article:published_time" content="2023-05-06T07:08:09Z">',
      '<link rel="canonical" href="/canonical/path">',
    ].join('');
    const article = extractArticle(page(head, `<div>${prose()}</div>`), 'https://site.example/some/page?utm=1');
    expect(article).toMatchObject({ title: 'Open Graph title', dek: 'What og says it is about.', source: 'OG Site', author: 'Ann Meta', date: '2023-05-06T07:08:09Z', url: 'https://site.example/canonical/path' });
  });

  it('leaves out MediaWiki\'s [edit] beside each heading', () => {
    const article = extractArticle(page('', `<div id="content"><h2><span class="mw-headline">History</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?action=edit&amp;section=1">edit</a><span class="mw-editsection-bracket">]</span></span></h2>${prose()}</div>`));
    expect(article.markdown).toContain('## History\n');
    expect(article.markdown).not.toContain('edit');
  });

  it('drops a description that is one of the opening paragraphs, whole or cut short, and keeps the text', () => {
    const opening = 'Mozilla is a free-software community, created in 1998 by members of Netscape, and it makes browsers.';
    const body = `<article><p>Industry</p><p>Open-source software</p><p><b>Mozilla</b> is a <a href="https://en.example/wiki/Free_software">free-software</a> community, created in 1998 by members of Netscape, and it makes browsers.</p>${prose()}</article>`;
    for (const description of [opening, `${opening.slice(0, 60)}…`]) {
      const article = extractArticle(page(`<meta name="description" content="${description}">`, body));
      expect(article.dek, description).toBeUndefined();
      expect(article.markdown).toContain('**Mozilla** is a [free-software](https://en.example/wiki/Free_software) community');
    }
    // A description of its own, or too short a beginning to tell, stays.
    for (const description of ['What the community is and does.', 'Mozilla is…']) expect(extractArticle(page(`<meta name="description" content="${description}">`, body)).dek).toBe(description);
    // One repeated far into the text is not read twice on one screen: it stays.
    const late = `<article>${prose(8)}<p>${opening}</p></article>`;
    expect(extractArticle(page(`<meta name="description" content="${opening}">`, late)).dek).toBe(opening);
  });

  it('reads <time datetime> and writes other dates as ISO', () => {
    expect(extractArticle(page('<title>T</title>', `<article><time datetime="2022-01-02T03:04:05Z">Jan 2</time>${prose()}</article>`)).date).toBe('2022-01-02T03:04:05Z');
    expect(extractArticle(page('<meta name="date" content="Tue, 01 Mar 2022 10:00:00 GMT">', `<article>${prose()}</article>`)).date).toBe('2022-03-01T10:00:00.000Z');
    expect(extractArticle(page('<meta name="date" content="2022-02-30">', `<article>${prose()}</article>`)).date).toBeUndefined();
  });

  it('takes the title from <title> without the site name, from the h1, or from the address', () => {
    expect(extractArticle(page('<title>Winter ferries - Harbour Times</title><meta property="og:site_name" content="Harbour Times">', `<article>${prose()}</article>`)).title).toBe('Winter ferries');
    expect(extractArticle(page('<title>Mozilla - Wikipedia</title>', `<h1>Mozilla</h1><div>${prose()}</div>`)).title).toBe('Mozilla');
    expect(extractArticle(page('', `<div>${prose()}</div>`), 'https://x.example/news/late-ferry-vote.html').title).toBe('late ferry vote');
  });

  it('keeps only http(s) canonical addresses', () => {
    const article = extractArticle(page('<link rel="canonical" href="javascript:alert(1)">', `<div>${prose()}</div>`), 'https://x.example/a');
    expect(article.url).toBe('https://x.example/a');
  });
});

describe('extractArticle: boilerplate', () => {
  const cluttered = page(
    '<title>Ferry vote</title><script>window.tracker = "TRACKER-SCRIPT";</script><style>.x{color:red}</style>',
    [
      '<nav><a href="/">Home</a> <a href="/news">NAVIGATION-LINK</a></nav>',
      '<div class="cookie-banner">We use COOKIE-BANNER cookies. <button>Accept</button></div>',
      '<article><h1>Ferry vote</h1>',
      '<div class="share-bar"><a href="https://facebook.com/share">SHARE-ON-FACEBOOK</a></div>',
      prose(4),
      '<p>The vote passed <span onclick="steal()">ONCLICK-TEXT-KEPT</span> by seven to two.</p>',
      '<div class="related-articles"><h3>Related</h3><ul><li><a href="/a">RELATED-STORY one</a></li><li><a href="/b">RELATED-STORY two</a></li></ul></div>',
      prose(2),
      '</article>',
      '<section id="comments"><p>COMMENT-TEXT: first! This is a comment that goes on long enough to look like a paragraph of prose.</p></section>',
      '<aside><p>ASIDE-PROMO subscribe now for the price of a coffee, and read every story that we publish.</p></aside>',
      '<footer>FOOTER-TEXT copyright</footer>',
    ].join('\n'),
  );
  const article = extractArticle(cluttered, 'https://news.example/ferry');

  it('keeps the article text, and inline text whatever handlers it had', () => {
    expect(article.markdown).toContain('The harbour council met on Tuesday evening');
    expect(article.markdown).toContain('The vote passed ONCLICK-TEXT-KEPT by seven to two.');
  });

  it('leaves out nav, cookie banner, share bar, related list, comments, aside, footer and scripts', () => {
    for (const junk of ['NAVIGATION-LINK', 'COOKIE-BANNER', 'SHARE-ON-FACEBOOK', 'RELATED-STORY', 'COMMENT-TEXT', 'ASIDE-PROMO', 'FOOTER-TEXT', 'TRACKER-SCRIPT', 'color:red', 'steal()', 'onclick']) {
      expect(article.markdown, junk).not.toContain(junk);
    }
  });

  it('does not repeat the title as the first line of the body', () => {
    expect(article.markdown.startsWith('The harbour council')).toBe(true);
    expect(article.markdown).not.toMatch(/^#+ Ferry vote/m);
  });

  it('drops trailing "read more" and lines that are only links', () => {
    const tail = extractArticle(page('<title>T</title>', `<article>${prose()}<p><a href="/x">Read more</a></p><p><a href="/a">Other story</a> | <a href="/b">Another story</a></p></article>`), 'https://e.example/');
    expect(tail.markdown.trimEnd().endsWith('running.')).toBe(true);
  });

  it('throws a bad-input NewsError when there is no article text at all', () => {
    const error = thrownNewsError(() => extractArticle(page('<title>Empty</title>', '<nav><a href="/">Home</a></nav><script>x()</script>')));
    expect(error.kind).toBe('bad-input');
    expect(error.hint).toBeTruthy();
  });
});

describe('extractArticle: Markdown', () => {
  const body = (html: string): string => extractArticle(page('<title>Doc</title>', `<article>${prose(3)}${html}</article>`), 'https://site.example/dir/page.html').markdown;

  it('turns the body headings into ## sections, deeper ones into ###', () => {
    const markdown = body('<h2>Background</h2><p>First section text goes here.</p><h3>Detail</h3><p>Detail text.</p><h2>Outlook</h2><p>Last words.</p>');
    expect(markdown).toMatch(/^## Background$/m);
    expect(markdown).toMatch(/^### Detail$/m);
    expect(markdown).toMatch(/^## Outlook$/m);
  });

  it('resolves links against the page, or <base href>, and keeps only http(s) and mailto as links', () => {
    expect(body('<p>See <a href="../other.html">the other page</a> and <a href="mailto:ed@site.example">mail us</a> or <a href="javascript:void(0)">this</a>.</p>')).toContain(
      'See [the other page](https://site.example/other.html) and [mail us](mailto:ed@site.example) or this.',
    );
    const based = extractArticle(page('<base href="https://cdn.example/base/">', `<article>${prose()}<p>A <a href="x">based link</a>.</p></article>`), 'https://site.example/').markdown;
    expect(based).toContain('[based link](https://cdn.example/base/x)');
  });

  it('writes images as alt text and absolute address, and keeps figure captions', () => {
    const markdown = body('<figure><img src="/img/ferry.jpg" alt="The ferry at dusk"><figcaption>The last boat leaves at 22:40.</figcaption></figure>');
    expect(markdown).toContain('![The ferry at dusk](https://site.example/img/ferry.jpg)');
    expect(markdown).toContain('The last boat leaves at 22:40.');
  });

  it('keeps every table cell', () => {
    const markdown = body('<table><tr><th>Route</th><th>Last boat</th></tr><tr><td>North</td><td>22:40</td></tr><tr><td>South | East</td><td>23:10</td></tr></table>');
    expect(markdown).toContain('| Route | Last boat |');
    expect(markdown).toContain('| North | 22:40 |');
    expect(markdown).toContain('| South \\| East | 23:10 |');
  });

  it('reads a table whose cells wrap their text in paragraphs as a table, and one with lists in it as layout', () => {
    const data = body('<table><tr><th><p>Entity status</p></th><th><p>Comment</p></th></tr><tr><td><p>new</p></td><td><p>Pick up new tasks.</p><p>Soon.</p></td></tr></table>');
    expect(data).toContain('| Entity status | Comment |');
    expect(data).toContain('| new | Pick up new tasks. Soon. |');
    const layout = body('<table><tr><td><p>Menu</p><ul><li>Home</li><li>About</li></ul></td><td><p>The story itself.</p></td></tr></table>');
    expect(layout).not.toContain('|');
    expect(layout).toContain('- Home');
  });

  it('keeps lists that follow one another apart', () => {
    const markdown = body('<ol><li>A1</li><li>A2</li></ol><ol><li>B1</li></ol><ol><li>C1</li></ol><ul><li>u1</li></ul><ul><li>u2<ul><li>n</li></ul></li></ul>');
    expect(markdown.slice(markdown.indexOf('1. A1'))).toBe('1. A1\n2. A2\n\n1) B1\n\n1. C1\n\n- u1\n\n* u2\n   - n');
  });

  it('writes superscripts and subscripts in the characters Unicode has for them, and leaves the rest as text', () => {
    const markdown = body('<p>A speed of 3×10<sup>8</sup> m s<sup>−1</sup>, 10<sup>(n+1)</sup> steps, CO<sub>2</sub> and H<sub>2</sub>O, x<sub>ij</sub>.</p><p>The 19<sup>th</sup> century<sup><a href="https://en.example/notes#1">[1]</a></sup> and 2<sup>x</sup>.</p>');
    expect(markdown).toContain('A speed of 3×10⁸ m s⁻¹, 10⁽ⁿ⁺¹⁾ steps, CO₂ and H₂O, xij.');
    expect(markdown).toContain('The 19th century[\\[1\\]](https://en.example/notes#1) and 2x.');
  });

  it('keeps <br> lines as lines', () => {
    expect(body('<p>Harbour Office<br>1 Quay Street<br/>Northport</p>')).toContain('Harbour Office\n1 Quay Street\nNorthport');
  });

  it('writes lists, quotes, emphasis and code', () => {
    const markdown = body('<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><ol start="3"><li>third</li></ol><blockquote><p>Quoted words.</p></blockquote><p><em>soft</em> and <strong>hard</strong> and <code>x_y</code></p><pre><code class="language-js">if (a) {\n  b();\n}</code></pre>');
    expect(markdown).toContain('- one\n   - nested\n- two');
    expect(markdown).toContain('3. third');
    expect(markdown).toContain('> Quoted words.');
    expect(markdown).toContain('*soft* and **hard** and `x_y`');
    expect(markdown).toContain('```js\nif (a) {\n  b();\n}\n```');
  });

  it('escapes only what would change the meaning', () => {
    const markdown = body('<p>2 * 3 = 6, snake_case stays, and *stars* do not emphasise.</p><p># not a heading</p><p>1. not a list</p><p>a &lt;div&gt; is text, [x](y) is not a link</p>');
    expect(markdown).toContain('2 * 3 = 6, snake_case stays, and \\*stars\\* do not emphasise.');
    expect(markdown).toContain('\\# not a heading');
    expect(markdown).toContain('1\\. not a list');
    expect(markdown).toContain('a \\<div> is text, [x\\](y) is not a link');
  });

  it('keeps curly quotes and all Unicode, and never starts with ---', () => {
    expect(body('<p>“Quoted” — naïve café 日本語 🚢</p>')).toContain('“Quoted” — naïve café 日本語 🚢');
    expect(htmlFragmentToMarkdown('<p>---</p><p>after</p>').startsWith('---')).toBe(false);
  });

  it('strips control characters and escape sequences from text, attributes and code', () => {
    const markdown = body('<p>bell\u0007 esc\u001b[31mred\u001b[0m c1\u009b2J done</p><img src="/a.png" alt="alt\u001b]0;title\u0007"><pre>code\u001b[2Jline\ttab</pre>');
    expect(markdown).not.toMatch(CONTROLS);
    expect(markdown).toContain('line\ttab');
  });
});

describe('code blocks: each line as the page shows it', () => {
  const body = (html: string): string => extractArticle(page('<title>Doc</title>', `<article>${prose(3)}${html}</article>`), 'https://site.example/dir/page.html').markdown;
  /** The text of every fenced code block, as a Markdown reader (marked) reads the file back. */
  const codeOf = (markdown: string): string[] => marked.lexer(markdown).flatMap((token) => (token.type === 'code' ? [(token as Tokens.Code).text] : []));
  const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  // v8.dev's Prism markup: lines end with <br>, a blank line is two, and the comment's span is
  // class "token comment", a word that marks page furniture elsewhere.
  const PRISM = '<pre class="language-c"><code class="language-c"><span class="token comment">// add.c</span><br /><span class="token macro property"><span class="token directive-hash">#</span><span class="token keyword directive">include</span> <span class="token string">&lt;emscripten.h&gt;</span></span><br /><br />EMSCRIPTEN_KEEPALIVE<br /><span class="token keyword">int</span> <span class="token function">add</span><span class="token punctuation">(</span>int x<span class="token punctuation">)</span> <span class="token punctuation">{</span><br />  <span class="token keyword">return</span> x<span class="token punctuation">;</span><br /><span class="token punctuation">}</span></code></pre>';
  const PRISM_CODE = '// add.c\n#include <emscripten.h>\n\nEMSCRIPTEN_KEEPALIVE\nint add(int x) {\n  return x;\n}';

  it('ends a line at each <br> and keeps highlighted comments, in a page and in a feed item', () => {
    expect(codeOf(body(PRISM))).toEqual([PRISM_CODE]);
    expect(body(PRISM)).toContain(`\`\`\`c\n${PRISM_CODE}\n\`\`\``);
    expect(codeOf(htmlFragmentToMarkdown(PRISM))).toEqual([PRISM_CODE]);
  });

  it('ends a line at each line element, and keeps tabs, leading spaces, entities and blank lines', () => {
    const html = '<pre><code><div class="line">def f():</div><div class="line">\tif a &amp;&amp; b:</div><div class="line">        return "&lt;p&gt;"</div></code></pre><pre>x = 1\n\n\n\ny = 2   # two</pre>';
    expect(codeOf(body(html))).toEqual(['def f():\n\tif a && b:\n        return "<p>"', 'x = 1\n\n\n\ny = 2   # two']);
  });

  it('keeps a block whose lines look like junk, headings or a closing fence', () => {
    const html = '<pre>print\n\nshare\n\n## not a section\n```\n````js</pre>';
    expect(codeOf(body(html))).toEqual(['print\n\nshare\n\n## not a section\n```\n````js']);
    expect(body(html)).toMatch(/^`{5}\n/m);
  });

  it('writes code in an inline element (a list item\'s span) with its lines parted, not glued', () => {
    expect(htmlFragmentToMarkdown('<ul><li><span>Run:<pre>make<br>make install</pre></span></li></ul>')).toBe('- Run: make make install');
  });

  it('reads back as the code the page showed, however the lines are marked up', () => {
    const character = fc.constantFrom('a', 'Z', '0', ' ', '\t', '`', '~', '<', '>', '&', '*', '_', '#', '-', '\\', '"', '[', ']', 'é', '日');
    const line = fc.array(character, { maxLength: 12 }).map((characters) => characters.join(''));
    const lineHtml = (text: string, cut: number): string => {
      const at = Math.min(cut, text.length);
      return `${escapeHtml(text.slice(0, at))}<span class="token comment">${escapeHtml(text.slice(at))}</span>`;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.nat(12)), { minLength: 1, maxLength: 8 }), fc.constantFrom('<br>', '<br/>', '\n', 'div'), (lines, separator) => {
        // An empty <div> takes no line in a browser: editors write an empty line as <div><br></div>.
        const inner =
          separator === 'div'
            ? lines.map(([text, cut]) => `<div>${text === '' ? '<br>' : lineHtml(text, cut)}</div>`).join('')
            : lines.map(([text, cut]) => lineHtml(text, cut)).join(separator);
        // Blank lines before and after the code are not kept.
        const shown = lines.map(([text]) => text).join('\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
        const expected = shown.trim() === '' ? [] : [shown];
        expect(codeOf(htmlFragmentToMarkdown(`<pre><code>${inner}</code></pre>`))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('htmlFragmentToMarkdown', () => {
  it('converts a feed item body by the same rules, without removing anything else', () => {
    const markdown = htmlFragmentToMarkdown('<p>Intro with <a href="/more">a link</a>.</p><h3>Part</h3><p>Text</p><script>alert(1)</script><iframe src="x"></iframe>', 'https://feed.example/item/');
    expect(markdown).toBe('Intro with [a link](https://feed.example/more).\n\n## Part\n\nText');
  });

  it('returns nothing for nothing', () => {
    expect(htmlFragmentToMarkdown('')).toBe('');
  });
});

describe('real pages (mozilla/readability test pages)', () => {
  it('daringfireball-1: the colophon, its links and nothing of the site around it', () => {
    const article = extractArticle(fixture('daringfireball-1'), 'https://daringfireball.net/colophon/');
    expect(article.title).toBe('Daring Fireball: Colophon');
    expect(article.markdown).toContain('Daring Fireball is written and produced by John Gruber.');
    expect(article.markdown).toContain('[BBEdit](http://www.barebones.com/products/bbedit/)');
  });

  it('v8-blog: the headline from microdata, sections and code blocks', () => {
    const article = extractArticle(fixture('v8-blog'), 'https://v8.dev/blog/emscripten-standalone-wasm');
    expect(article.title).toBe('Outside the web: standalone WebAssembly binaries using Emscripten');
    expect(article.date?.slice(0, 10)).toBe('2019-11-21');
    expect(article.markdown).toMatch(/^## /m);
    expect(article.markdown).toMatch(/^```/m);
    expect(article.markdown).toContain('Emscripten has always focused first and foremost on compiling to the Web');
  });

  it('ars-1: the author without the date, and no kicker or dek repeated as a heading', () => {
    const article = extractArticle(fixture('ars-1'), 'https://arstechnica.com/information-technology/2015/04/minecraft/');
    expect(article.title).toBe('Just-released Minecraft exploit makes it easy to crash game servers');
    expect(article.author).toBe('Dan Goodin');
    expect(article.date).toBe('2015-04-16T20:02:01+00:00');
    expect(article.markdown).not.toMatch(/^## Two-year-old bug/m);
    expect(article.markdown).toContain('A flaw in the wildly popular online game *Minecraft* makes it easy');
    expect(article.markdown).toContain('> These were the fixes that I recommended to Mojang 2 years ago.');
  });

  it('herald-sun-1: the half of the column inside a "read-more" wrapper, without the author box', () => {
    const article = extractArticle(fixture('herald-sun-1'), 'http://www.heraldsun.com.au/news/opinion/x');
    expect(article.title).toBe('Angry media won’t buckle over new surveillance laws');
    expect(article.author).toBe('Laurie Oakes');
    expect(article.markdown).toContain('that should ring warning bells for anyone genuinely concerned with the health of our democracy');
    expect(article.markdown).toContain('Memories of the grief Conroy brought down on his head');
    expect(article.markdown).not.toContain('is the Nine Network political editor');
  });

  it('extracts the article from a 1 MB page, mostly scripts and furniture', () => {
    // A megabyte as real pages weigh it: mostly scripts, styles and furniture around the article.
    const furniture = Array.from({ length: 1500 }, (_, n) => `<div class="related-item"><a href="/story/${n}">Another story number ${n} from the site</a></div>`).join('');
    const script = `<script>window.__STATE__ = ${JSON.stringify({ items: Array.from({ length: 16000 }, (_, n) => ({ id: n, title: `Item ${n} of the preloaded state` })) })};</script>`;
    const big = fixture('v8-blog').replace('</head>', `${script}<style>${'.c{color:red}'.repeat(8000)}</style></head>`).replace('</body>', `<aside>${furniture}</aside></body>`);
    expect(big.length).toBeGreaterThan(1_000_000);
    const article = extractArticle(big, 'https://v8.dev/blog/x');
    expect(article.markdown).toContain('Emscripten has always focused first and foremost');
    expect(article.markdown).not.toContain('Another story number');
  });
});

describe('extractArticle never fails but with a NewsError, and never yields control characters', () => {
  const check = (html: string): void => {
    try {
      const article = extractArticle(html, 'https://fuzz.example/a/b');
      for (const value of [article.title, article.dek, article.author, article.date, article.source, article.url, article.markdown]) {
        if (value !== undefined) expect(value).not.toMatch(CONTROLS);
      }
      expect(article.title).not.toBe('');
      expect(article.markdown.startsWith('---')).toBe(false);
    } catch (error) {
      expect(error).toBeInstanceOf(NewsError);
    }
  };

  const tags = ['p', 'div', 'a href="x"', 'img src="/i.png" alt="a"', 'h1', 'h2', 'table', 'tr', 'td', 'ul', 'li', 'pre', 'code', 'br', 'script', 'style', 'em', 'blockquote', 'nav', 'article'];
  const piece = fc.oneof(
    fc.string(),
    fc.constantFrom(...tags).map((tag) => `<${tag}>`),
    fc.constantFrom(...tags).map((tag) => `</${tag.split(' ')[0]}>`),
    fc.constantFrom('\u001b[31m', '\u0000', '\u009b', '&#27;', '&#x9b;', '&amp;', '*', '_', '#', '`', '[', '](', '---\n', '\r\n', '\uD800'),
    fc.constant(SENTENCES.join(' ')),
  );

  it('on random HTML', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => check(parts.join(''))), { numRuns: 150 });
  });

  it('on real pages cut short anywhere', () => {
    const source = fixture('ars-1');
    fc.assert(fc.property(fc.integer({ min: 0, max: source.length }), (end) => check(source.slice(0, end))), { numRuns: 25 });
  });

  it('on random fragments', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const markdown = htmlFragmentToMarkdown(parts.join(''), 'https://fuzz.example/');
        expect(markdown).not.toMatch(CONTROLS);
      }),
      { numRuns: 150 },
    );
  });
});
