/*
 * Feed items' HTML is read into fragment.ts's few nodes instead of linkedom's DOM. The
 * Markdown must be exactly what linkedom's tree gave, with the elements that are never
 * content removed as htmlFragmentToMarkdown removed them: on real pages (their whole source
 * taken as an item's HTML, head, scripts and all) and on generated tag soup.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { FRAGMENT_DROPPED_TAGS, parseFragmentBody } from '../../src/web/extract/fragment.js';
import { toMarkdown, type DomNode } from '../../src/web/extract/markdown.js';

// Real pages: the four in the fixtures, and the corpus beside the project (../shared) when it is there.
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/readability', import.meta.url));
const FIXTURES = new URL('../fixtures/pages/', import.meta.url);
// What htmlFragmentToMarkdown removed from linkedom's tree.
const REMOVED = FRAGMENT_DROPPED_TAGS.join(', ');

interface LinkedomElement extends DomNode {
  remove(): void;
}

/** How htmlFragmentToMarkdown read an item before fragment.ts. */
function viaLinkedom(html: string, base: string | undefined): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`) as unknown as {
    document: { body: DomNode; querySelectorAll(selector: string): Iterable<LinkedomElement> };
  };
  for (const element of Array.from(document.querySelectorAll(REMOVED))) element.remove();
  return toMarkdown(document.body, base);
}

const viaFragment = (html: string, base: string | undefined): string => toMarkdown(parseFragmentBody(html), base);

const pages = (): { name: string; html: string }[] => {
  const found = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, html: readFileSync(new URL(`${entry.name}/source.html`, FIXTURES), 'utf8') }));
  if (!existsSync(CORPUS)) return found;
  for (const entry of readdirSync(CORPUS, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push({ name: entry.name, html: readFileSync(join(CORPUS, entry.name, 'source.html'), 'utf8') });
  }
  return found;
};

describe('a feed item read into fragment.ts nodes', () => {
  it('gives the Markdown linkedom gave, on every real page of the corpus', () => {
    const all = pages();
    expect(all.length).toBeGreaterThanOrEqual(existsSync(CORPUS) ? 40 : 4);
    for (const { name, html } of all) {
      const expected = viaLinkedom(html, 'https://pages.example/a/b.html');
      expect(expected.length, name).toBeGreaterThan(0);
      expect(viaFragment(html, 'https://pages.example/a/b.html'), name).toBe(expected);
    }
  });

  it('gives the Markdown linkedom gave, on generated tag soup', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '<p>', '</p>', '<div class=" language-js  x language-js">', '</div>', '<a href="/x" HREF="/y">', '<a HREF="/z">', '</a>', '<img src="i.png" alt="a [b]" srcset="s.png 2x">',
        '<ul>', '</ul>', '<ol start="3">', '<ol start="x">', '</ol>', '<li>', '</li>', '<pre class="lang-py">', '</pre>', '<code class="language-ts">', '</code>',
        '<table>', '<tr>', '<td>', '<th>', '</td>', '</tr>', '</table>', '<h1>', '<h2>', '</h2>', '<h4>', '</h4>', '<br>', '<hr>', '<em>', '</em>', '<strong>', '</strong>',
        '<blockquote>', '</blockquote>', '<script>x<p>y</p>', '</script>', '<svg><path/><text>s</text></svg>', '<form><input value="v">f</form>', '<noscript><p>n</p></noscript>',
        '<template><p>t</p></template>', '<style>p{}</style>', '<select><option>o</option></select>', '<dialog>d</dialog>', '<iframe src="f"></iframe>', '<x-widget>w</x-widget>',
        '<math>m</math>', '<option>lone</option>', '</body>', '<body class="b">', '</html>', '<html>', '<head>', '<!-- comment -->', '<![CDATA[cd]]>', '&amp;', '&nbsp;', '&lt;b&gt;',
        '&#x1F600;', '\u001B[31m', ' ', '\n', '<figure>', '<figcaption>', '</figure>', '<sup>', '<dl><dt>t<dd>d</dl>', '<span>', '</span>', '<p class="">',
      ),
      fc.string({ unit: fc.constantFrom('a', 'B', ' ', '*', '_', '[', ']', '#', '-', '1', '.', '`', '<', '>', '&', '\\') }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.option(fc.constantFrom('https://feed.example/item/', 'ftp://x.example/'), { nil: undefined }), (pieces, base) => {
        const html = pieces.join('');
        expect(viaFragment(html, base)).toBe(viaLinkedom(html, base));
      }),
      { numRuns: 3000 },
    );
  });
});
