import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discoverFeeds, FeedFormatError, looksLikeFeed, parseFeed, parseFeedDate, parseOpml, writeOpml } from '../../src/feeds/formats/index.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'feeds', name), 'utf8');

const rss = (items: string, channel = '', attributes = ''): string =>
  `<?xml version="1.0"?><rss version="2.0"${attributes}><channel><title>T</title><link>https://example.org/</link>${channel}${items}</channel></rss>`;

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FeedFormatError);
    return (error as Error).message;
  }
  throw new Error('expected a FeedFormatError');
};

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with content:encoded, dc:creator, enclosures and media', () => {
    const feed = parseFeed(
      rss(
        `<item><title>First &amp; best</title><link>/posts/1</link><guid isPermaLink="false"> id-1 </guid>
          <description><![CDATA[<p>Summary</p>]]></description><content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
          <dc:creator>Ann</dc:creator><dc:creator>Bob</dc:creator><pubDate>Sun, 06 Jul 2014 12:56:00 GMT</pubDate>
          <enclosure url="https://cdn.example.org/a.mp3" type="audio/mpeg" length="1"/>
          <media:group><media:content url="https://cdn.example.org/v.mp4" type="video/mp4"/></media:group>
          <media:thumbnail url="thumb.jpg"/></item>`,
        '<description>About &lt;b&gt;us&lt;/b&gt;</description>',
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"',
      ),
      'https://feeds.example.net/feed.xml',
    );
    expect(feed).toMatchObject({ format: 'rss', version: '2.0', title: 'T', link: 'https://example.org/', description: 'About us' });
    expect(feed.items).toEqual([
      {
        id: 'id-1',
        title: 'First & best',
        link: 'https://example.org/posts/1',
        author: 'Ann, Bob',
        date: '2014-07-06T12:56:00.000Z',
        contentHtml: '<p>Full <b>text</b></p>',
        summaryHtml: '<p>Summary</p>',
        enclosures: [
          { url: 'https://cdn.example.org/a.mp3', type: 'audio/mpeg' },
          { url: 'https://cdn.example.org/v.mp4', type: 'video/mp4' },
          { url: 'https://example.org/thumb.jpg', type: undefined },
        ],
      },
    ]);
  });

  it('reads RSS 0.91 and a missing version', () => {
    expect(parseFeed('<rss version="0.91"><channel><item><title>x</title></item></channel></rss>').version).toBe('0.91');
    expect(parseFeed('<rss><channel/></rss>').version).toBeUndefined();
  });

  it('reads RSS 1.0 (RDF), rdf:about standing in for a missing link', () => {
    const feed = parseFeed(fixture('rdf_item_link.xml'));
    expect(feed).toMatchObject({ format: 'rdf', version: '1.0' });
    expect(feed.items[0]).toMatchObject({ link: 'http://example.org/', id: 'http://example.org/entry/1' });
  });

  it('reads Atom 1.0: xhtml content, inherited authors, enclosure links, text escaped as HTML', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;em&gt;feed&lt;/em&gt;</title><link rel="self" href="/atom.xml"/><link href="https://example.org/"/>
        <author><name>Feed Author</name></author>
        <entry><id> urn:1 </id><title>E</title><link rel="alternate" type="text/html" href="e1"/><link rel="enclosure" href="a.mp3" type="audio/mpeg"/>
          <updated>2003-12-13T18:30:02Z</updated><published>2003-12-13T08:29:29-04:00</published>
          <summary>1 &lt; 2</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <a href="x">x</a></p></div></content></entry></feed>`,
      'https://example.org/feeds/atom.xml',
    );
    expect(feed).toMatchObject({ format: 'atom', version: '1.0', title: 'A feed', link: 'https://example.org/' });
    expect(feed.items[0]).toEqual({
      id: 'urn:1',
      title: 'E',
      link: 'https://example.org/feeds/e1',
      author: 'Feed Author',
      date: '2003-12-13T12:29:29.000Z',
      contentHtml: '<p>Hello <a href="x">x</a></p>',
      summaryHtml: '1 &lt; 2',
      enclosures: [{ url: 'https://example.org/feeds/a.mp3', type: 'audio/mpeg' }],
    });
    expect(parseFeed(fixture('atom10_feed_entry_content_xhtml_inline_markup.xml')).items[0]?.contentHtml).toBe('<p>Entry Content</p>');
  });

  it('reads Atom 0.3, base64 included', () => {
    const feed = parseFeed(fixture('atom03_feed_entry_title_base64.xml'));
    expect(feed).toMatchObject({ format: 'atom', version: '0.3' });
    expect(feed.items[0]?.title).toBe('Entry Title');
  });

  it('reads JSON Feed 1.1 and 1.0', () => {
    const feed = parseFeed(fixture('version_json_11.json'));
    expect(feed).toMatchObject({ format: 'json', version: '1.1', title: 'title', link: 'https://sample-json-feed.com/' });
    expect(feed.items[0]).toMatchObject({ id: 'id', link: 'https://sample-json-feed.com/id', date: '2019-10-12T07:20:50.520Z', contentHtml: '<p>content_html</p>', summaryHtml: 'summary' });
    expect(feed.items[0]?.enclosures).toEqual([{ url: 'https://sample-json-feed.com/attachment', type: 'audio/mpeg' }]);
    const old = parseFeed(
      JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'J', items: [{ id: 7, url: '/p', content_text: 'a < b\n\nc', author: { name: 'Al' } }] }),
      'https://example.org/feed.json',
    );
    expect(old.version).toBe('1');
    expect(old.items[0]).toMatchObject({ id: '7', link: 'https://example.org/p', author: 'Al', contentHtml: '<p>a &lt; b</p>\n<p>c</p>' });
  });

  it('tolerates a BOM, leading whitespace, uppercase tags, undeclared prefixes and a bare <encoded>', () => {
    expect(parseFeed(fixture('rss_feed_bom.xml')).title).toBe('Feed Title');
    expect(parseFeed(`\n\n   \uFEFF<RSS version="2.0"><CHANNEL><TITLE>Up</TITLE><ITEM><TITLE>i</TITLE></ITEM></CHANNEL></RSS>`)).toMatchObject({ title: 'Up', items: [{ title: 'i' }] });
    expect(parseFeed(rss('<item><content:encoded>&lt;p&gt;x&lt;/p&gt;</content:encoded><dc:creator>Z</dc:creator></item>')).items[0]).toMatchObject({ contentHtml: '<p>x</p>', author: 'Z' });
    expect(parseFeed(fixture('issue_303_encoded_no_namespace.xml')).items[0]).toMatchObject({ title: 'First', contentHtml: 'hello' });
  });

  it('survives bad nesting and junk around the document', () => {
    const feed = parseFeed(`junk<br><rss version="2.0"><channel><item><title>a</b></title><link>https://e.org/1</link></item><item><title>b</title></item></channel></rss>trailing`);
    expect(feed.items.map((item) => item.title)).toEqual(['a', 'b']);
  });

  it('says clearly what a non-feed is', () => {
    expect(refusal(() => parseFeed('<!DOCTYPE html><html><head><title>x</title></head></html>'))).toBe('not a feed: the document is HTML');
    expect(refusal(() => parseFeed(''))).toBe('not a feed: the document is empty');
    expect(refusal(() => parseFeed('{"version": "1.0"'))).toBe('not a feed: malformed JSON');
    expect(refusal(() => parseFeed('{"title": "x"}'))).toMatch(/JSON Feed/);
    expect(refusal(() => parseFeed('<opml version="2.0"><body/></opml>'))).toMatch(/OPML/);
    expect(refusal(() => parseFeed('<note><to>x</to></note>'))).toBe('not a feed: no rss, rdf or feed element');
  });
});

describe('parseFeed: text, entities and links', () => {
  it('decodes HTML named entities in XML but leaves legacy prefixes and bare ampersands alone', () => {
    expect(parseFeed(rss('<item><title>It&rsquo;s&nbsp;here &hellip; &#x263A; &#9731;</title></item>')).items[0]?.title).toBe('It\u2019s here \u2026 \u263A \u2603');
    expect(parseFeed(fixture('issue_305_bare_ampersand.xml')).title).toBe('Fish & Chips & more <3');
    expect(parseFeed(fixture('issue_320_legacy_entity_prefix.xml')).title).toBe('?page=1&copy=2;mode=x & done');
  });

  it('keeps CDATA verbatim and turns HTML titles into text', () => {
    const item = parseFeed(rss('<item><title><![CDATA[<b>Bold</b> &amp; co]]></title><description>a <![CDATA[<i>b</i>]]> c</description></item>')).items[0];
    expect(item?.title).toBe('Bold & co');
    expect(item?.summaryHtml).toBe('a <i>b</i> c');
  });

  it('resolves relative links against xml:base, then the site link, then the feed URL', () => {
    expect(parseFeed(fixture('rss_channel_item_xml_base.xml')).items[0]?.link).toBe('http://example.org/feeds/post/1');
    expect(parseFeed(rss('<item><link>p/2</link></item>'), 'https://feeds.example.net/x').items[0]?.link).toBe('https://example.org/p/2');
    expect(parseFeed('<rss><channel><item><link>p/3</link></item></channel></rss>', 'https://feeds.example.net/x/').items[0]?.link).toBe('https://feeds.example.net/x/p/3');
    expect(parseFeed('<rss><channel><item><link>p/3</link></item></channel></rss>').items[0]?.link).toBeUndefined();
    const atom = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/root/"><entry xml:base="sub/"><link href="page"/><content type="html">&lt;img src="i.png"&gt;</content></entry></feed>`,
    );
    expect(atom.items[0]).toMatchObject({ link: 'https://a.example/root/sub/page', contentHtml: '<img src="https://a.example/root/sub/i.png">' });
    expect(parseFeed(fixture('entry_content_xml_base_inherit_3.xml')).items[0]?.contentHtml).toBe('Example <a href="http://example.com/test/test.html">test</a>');
  });

  it('keeps only http(s) links', () => {
    const item = parseFeed(rss('<item><link>javascript:alert(1)</link><enclosure url="file:///etc/passwd"/></item>')).items[0];
    expect(item?.link).toBeUndefined();
    expect(item?.enclosures).toEqual([]);
  });

  it('strips control characters from text and HTML but keeps newlines and tabs in HTML', () => {
    const item = parseFeed(rss('<item><title>a\u0007b\u009Bc\u0000</title><description>&lt;p&gt;x\u001B[31m\n\ty&lt;/p&gt;&#1;</description><author>\u0085z</author></item>')).items[0];
    // An escape sequence goes whole, parameters and final byte too (8-bit CSI, then "c").
    expect(item?.title).toBe('ab');
    expect(item?.summaryHtml).toBe('<p>x\n\ty</p>');
    expect(item?.author).toBe('z');
  });
});

describe('parseFeed: titles are text, and markup only when it is markup', () => {
  const rssTitle = (title: string): string | undefined => parseFeed(rss(`<item><title>${title}</title></item>`)).items[0]?.title;
  const atomTitle = (title: string): string | undefined => parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry>${title}</entry></feed>`).items[0]?.title;
  const jsonTitle = (title: string): string | undefined => parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', title }] })).items[0]?.title;
  const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it('keeps an RSS title\'s text that only looks like tags', () => {
    expect(rssTitle('C++ &lt;templates&gt; and more')).toBe('C++ <templates> and more');
    expect(rssTitle('Java&apos;s List&lt;T&gt; explained')).toBe('Java\'s List<T> explained');
    expect(rssTitle('Use &lt;br&gt; for breaks')).toBe('Use <br> for breaks');
    expect(rssTitle('&lt;b&gt; opens bold')).toBe('<b> opens bold');
    expect(rssTitle('if a &lt; b &amp;&amp; c &gt; d')).toBe('if a < b && c > d');
    expect(rssTitle('<![CDATA[Vec<String> & HashMap<K, V>]]>')).toBe('Vec<String> & HashMap<K, V>');
  });

  it('reads an RSS title that carries well-formed HTML, escaped or in CDATA, as its text', () => {
    expect(rssTitle('<![CDATA[<b>Bold</b> news]]>')).toBe('Bold news');
    expect(rssTitle('&lt;p&gt;Item Title&lt;/p&gt;')).toBe('Item Title');
    // Escaped once too often: markup still, once its references are read.
    expect(rssTitle('<![CDATA[&lt;p&gt;Item Title&lt;/p&gt;]]>')).toBe('Item Title');
    expect(rssTitle('<![CDATA[&lt;b&gt; opens bold]]>')).toBe('<b> opens bold');
    // Beside real tags, an escaped tag is text about a tag.
    expect(rssTitle('<![CDATA[<code>&lt;b&gt;x&lt;/b&gt;</code> explained]]>')).toBe('<b>x</b> explained');
    expect(rssTitle('<![CDATA[Read <a href="https://e.org/x" title="a > b">the <em>whole</em> story</a><br/>now]]>')).toBe('Read the whole story now');
    expect(rssTitle('<![CDATA[<strong>Big</strong> &amp; <code>&lt;T&gt;</code>]]>')).toBe('Big & <T>');
    expect(rssTitle('<![CDATA[Hi<script>alert(1)</script> there]]>')).toBe('Hi there');
    // Escaped twice: the reference left after the XML's own is read too, as feed readers do.
    expect(rssTitle('AT&amp;amp;T &amp;#8217;s')).toBe('AT&T \u2019s');
    // Naked markup.
    expect(rssTitle('<p>Item <b>Title</b></p>')).toBe('Item Title');
  });

  it('keeps Atom text titles literal, and reads html and xhtml titles as their text', () => {
    expect(atomTitle('<title type="text">C++ &lt;templates&gt; &amp;amp;</title>')).toBe('C++ <templates> &amp;');
    expect(atomTitle('<title>List&lt;T&gt;</title>')).toBe('List<T>');
    expect(atomTitle('<title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;lt;templates&amp;gt;</title>')).toBe('Bold <templates>');
    expect(atomTitle('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>Bold</b> &lt;templates&gt;</div></title>')).toBe('Bold <templates>');
  });

  it('keeps a JSON Feed title\'s text, and reads well-formed HTML in one as its text', () => {
    expect(jsonTitle('C++ <templates> and more')).toBe('C++ <templates> and more');
    expect(jsonTitle('<b>Bold</b> news')).toBe('Bold news');
  });

  it('gives any text back as it was, written as RSS text or as HTML in CDATA', () => {
    // Words, spaces, and what could be taken for markup: brackets around names that are no HTML
    // element, lone angle brackets, ampersands and slashes (no ";", which could end a reference).
    const piece = fc.oneof(fc.constantFrom('word', 'C++', ' ', '<', '>', '/', '&', '&amp', '<T>', '</T>', '<templates>', '<vector<int>>', '<K, V>', '=', '"', "'"), fc.string({ maxLength: 4 }).filter((text) => !/[;<&\p{C}]/u.test(text)));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const expected = text.replace(/\s+/g, ' ').trim() || undefined;
        expect(rssTitle(escapeXml(text))).toBe(expected);
        expect(rssTitle(`<![CDATA[<b>${escapeXml(text)}</b>]]>`)).toBe(expected);
        expect(atomTitle(`<title type="text">${escapeXml(text)}</title>`)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseFeed: entities in a DTD', () => {
  const laughs = (levels: number): string => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let level = 1; level <= levels; level += 1) dtd += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
    return `<?xml version="1.0"?><!DOCTYPE rss [${dtd}]><rss version="2.0"><channel><title>&lol${levels};</title></channel></rss>`;
  };

  it('refuses a billion laughs instead of expanding it', () => {
    expect(refusal(() => parseFeed(laughs(9)))).toBe('entity expansion over the limit (billion laughs?)');
  });

  it('refuses many references to one large entity, and self-reference', () => {
    const big = `<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(60_000)}">]><rss><channel><title>${'&big;'.repeat(100)}</title></channel></rss>`;
    expect(refusal(() => parseFeed(big))).toMatch(/entity expansion/);
    expect(refusal(() => parseFeed('<!DOCTYPE rss [<!ENTITY a "&b;"><!ENTITY b "&a;">]><rss><channel><title>&a;</title></channel></rss>'))).toMatch(/entity expansion/);
  });

  it('expands small internal entities', () => {
    expect(parseFeed(laughs(2)).title).toBe('lol'.repeat(100));
    expect(parseFeed('<!DOCTYPE rss [<!ENTITY co "Example &amp; Co"><!-- ] > --><!ENTITY q \'"\'>]><rss><channel><title>&co; &q;</title></channel></rss>').title).toBe('Example & Co "');
  });

  it('never reads external entities or DTDs', () => {
    const feed = parseFeed(
      '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.org/evil.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://example.org/p">%p;]><rss><channel><title>a&xxe;b</title><item><title>&xxe;</title></item></channel></rss>',
    );
    expect(feed.title).toBe('ab');
    expect(JSON.stringify(feed)).not.toMatch(/root:|passwd/);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 02 Jan 2006 15:04:05 GMT', '2006-01-02T15:04:05.000Z'],
    ['Mon, 02 Jan 2006 15:04:05 -0700', '2006-01-02T22:04:05.000Z'],
    ['Mon, 2 Jan 2006 15:04:05 +02:00', '2006-01-02T13:04:05.000Z'],
    ['02 Jan 2006 15:04:05 EST', '2006-01-02T20:04:05.000Z'],
    ['Mon, 02 Jan 06 15:04 PDT', '2006-01-02T22:04:00.000Z'],
    ['Thu, 01 Jan 98 00:00:00 GMT', '1998-01-01T00:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 GMT+2', '2003-06-10T02:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 GMT -0500', '2003-06-10T09:00:00.000Z'],
    ['Wednesday, 02 Oct 2002 13:00:00 +0000 (UTC)', '2002-10-02T13:00:00.000Z'],
    ['Mon, 02 Jan 2006 15:04:05', '2006-01-02T15:04:05.000Z'],
    ['Sat, 7 Sep 2002 9:05:01 CEST', '2002-09-07T07:05:01.000Z'],
    ['January 2, 2006 3:04 PM EST', '2006-01-02T20:04:00.000Z'],
    ['Mon Jan  2 15:04:05 2006', '2006-01-02T15:04:05.000Z'],
    ['2006-01-02T15:04:05Z', '2006-01-02T15:04:05.000Z'],
    ['2006-01-02T15:04:05.123456+01:00', '2006-01-02T14:04:05.123Z'],
    ['2006-01-02 15:04:05 -0700', '2006-01-02T22:04:05.000Z'],
    ['2006-01-02', '2006-01-02T00:00:00.000Z'],
    ['2006-01', '2006-01-01T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseFeedDate(text)).toBe(iso);
  });

  it.each(['', 'yesterday', 'Mon, 31 Feb 2006 10:00:00 GMT', '2006-13-01', '99999-01-01', 'Mon, 02 Jan 2006 25:61:00 GMT'])('refuses %j', (text) => {
    expect(parseFeedDate(text)).toBeUndefined();
  });
});

describe('parseFeed never throws anything but FeedFormatError', () => {
  const documents = [fixture('rss_channel_item_xml_base.xml'), fixture('entry_content_xml_base_inherit_3.xml'), fixture('version_json_11.json'), fixture('rdf_item_link.xml')];
  const check = (text: string): void => {
    try {
      parseFeed(text, 'https://example.org/feed');
    } catch (error) {
      if (!(error instanceof FeedFormatError)) throw error;
    }
  };

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)), { numRuns: 500 });
  });

  it('on random XML-ish and JSON-ish token soup', () => {
    const token = fc.constantFrom('<rss>', '<feed xmlns="http://www.w3.org/2005/Atom">', '<channel>', '<item>', '</item>', '<entry>', '<title>', '</title>', '<link href="', '">', '<![CDATA[', ']]>', '&amp;', '&', '&#0;', '&#xFFFFFF;', '<!DOCTYPE x [<!ENTITY a "&a;">]>', '&a;', '<?xml?>', '<!--', '-->', 'xml:base="::"', '{', '}', '"items":[', '"version":"1.1"', ',', '[', ']', '"', 'null', '\u0000', '\uD800');
    fc.assert(fc.property(fc.array(fc.oneof(token, fc.string({ maxLength: 5 })), { maxLength: 60 }), (parts) => check(parts.join(''))), { numRuns: 1000 });
  });

  it('on truncated and corrupted real documents', () => {
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.nat(), fc.nat(), fc.string({ maxLength: 4 }), (document, cut, at, insert) => {
        check(document.slice(0, cut % (document.length + 1)));
        const position = at % (document.length + 1);
        check(document.slice(0, position) + insert + document.slice(position + 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('on deeply nested markup and JSON', () => {
    check(`<rss><channel><item><description>${'<div>'.repeat(100_000)}x</description></item></channel></rss>`);
    check(`{"version":"https://jsonfeed.org/version/1.1","items":${'['.repeat(100_000)}`);
    expect(parseFeed(`<rss><channel><item><title>t</title><description>${'<div>'.repeat(5_000)}x</description></item></channel></rss>`).items[0]?.title).toBe('t');
  });
});

describe('looksLikeFeed', () => {
  it.each([
    ['<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', true],
    ['\uFEFF  <feed xmlns="http://www.w3.org/2005/Atom">', true],
    ['<!DOCTYPE rdf:RDF [<!ENTITY a "b>">]><rdf:RDF xmlns:rdf="x">', true],
    ['{"version": "https://jsonfeed.org/version/1.1", "items": []}', true],
    ['<!DOCTYPE html><html>', false],
    ['<opml>', false],
    ['{"version": "1.0"}', false],
    ['{"version": "1.0", "title": "t", "items": [{"id": "1"}]}', true],
    ['{"version": "1.0", "items": {}}', false],
    ['{"version": "https:\\/\\/jsonfeed.org\\/version\\/1.1", "items": []}', true],
    ['{"name": "left-pad", "version": "1.3", "items": []}', false],
    ['plain text', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeFeed(text)).toBe(expected);
  });
});

describe('OPML', () => {
  it('round-trips nested folders and hostile characters', () => {
    const feeds = [
      { title: 'Tom & "Jerry" <3 \'quoted\'', xmlUrl: 'https://example.org/feed?a=1&b=2', htmlUrl: 'https://example.org/', folders: ['News', 'Tech & <Science>'] },
      { title: undefined, xmlUrl: 'https://example.net/rss', htmlUrl: undefined, folders: ['News'] },
      { title: 'Top]]>level\u0007', xmlUrl: 'http://example.com/atom.xml', htmlUrl: undefined },
      { title: 'Deep', xmlUrl: 'https://deep.example/f', htmlUrl: undefined, folders: ['News', 'Tech & <Science>', 'Very'] },
    ];
    const opml = writeOpml('My "feeds" & more', feeds, new Date('2024-01-02T03:04:05Z'));
    expect(opml).toContain('<opml version="2.0">');
    expect(opml).toContain('<dateCreated>Tue, 02 Jan 2024 03:04:05 GMT</dateCreated>');
    const read = parseOpml(opml);
    expect(read.title).toBe('My "feeds" & more');
    expect(read.feeds).toEqual([
      { title: 'Tom & "Jerry" <3 \'quoted\'', xmlUrl: 'https://example.org/feed?a=1&b=2', htmlUrl: 'https://example.org/', folders: ['News', 'Tech & <Science>'] },
      { title: 'Deep', xmlUrl: 'https://deep.example/f', htmlUrl: undefined, folders: ['News', 'Tech & <Science>', 'Very'] },
      { title: 'https://example.net/rss', xmlUrl: 'https://example.net/rss', htmlUrl: undefined, folders: ['News'] },
      { title: 'Top]]>level', xmlUrl: 'http://example.com/atom.xml', htmlUrl: undefined, folders: [] },
    ]);
  });

  it('round-trips arbitrary titles and folder names', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), folder: fc.string({ maxLength: 10 }) }), { maxLength: 8 }), (entries) => {
        const feeds = entries.map((entry, index) => ({ title: entry.title, xmlUrl: `https://example.org/${index}`, htmlUrl: undefined, folders: [entry.folder] }));
        const read = parseOpml(writeOpml('t', feeds)).feeds;
        // eslint-disable-next-line no-control-regex -- the writer drops control characters, so the expectation must too
        const clean = (text: string): string | undefined => text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '').replace(/[\s\u00A0]+/g, ' ').trim() || undefined;
        expect(read.map((feed) => feed.xmlUrl).sort()).toEqual(feeds.map((feed) => feed.xmlUrl).sort());
        for (const feed of read) {
          const original = feeds.find((candidate) => candidate.xmlUrl === feed.xmlUrl);
          expect(feed.title).toBe(clean(original?.title ?? '') ?? feed.xmlUrl);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads OPML 1.0 from other readers and refuses what is not OPML', () => {
    const read = parseOpml(`<?xml version="1.0"?><opml version="1.0"><head><title>Subs</title></head><body>
      <outline title="Folder"><outline text="A" type="rss" xmlUrl="feed://a.example/rss" htmlUrl="https://a.example"/></outline>
      <outline text="no url"/><outline text="B" xmlUrl="javascript:alert(1)"/></body></opml>`);
    expect(read).toEqual({ title: 'Subs', feeds: [{ title: 'A', xmlUrl: 'http://a.example/rss', htmlUrl: 'https://a.example/', folders: ['Folder'] }], notOnWeb: ['javascript:alert(1)'] });
    expect(refusal(() => parseOpml('<rss/>'))).toBe('not OPML: no opml element');
    expect(refusal(() => parseOpml('<html><body></body></html>'))).toBe('not OPML: the document is HTML');
    // Cut short anywhere, even where every outline read so far is whole.
    const whole = '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/rss"/></body></opml>';
    for (let end = whole.indexOf('<body>'); end < whole.length; end++) expect(refusal(() => parseOpml(whole.slice(0, end)))).toBe('it ends before its </opml> (cut short?)');
    expect(parseOpml(`${whole}\n<!-- after -->\n`).feeds).toHaveLength(2);
    // Closed in another case, which XML does not allow: whole all the same, and read.
    const shouted = whole.replace('</opml>', '</OPML >');
    expect(parseOpml(`${shouted}\n<!-- after -->\0`).feeds).toHaveLength(2);
    expect(refusal(() => parseOpml(`${shouted.slice(0, -2)}`))).toBe('it ends before its </opml> (cut short?)');
    expect(refusal(() => parseOpml(`${shouted}<outline text="C" xmlUrl="https://c.example/rss"/>`))).toBe('it ends before its </opml> (cut short?)');
  });
});

describe('discoverFeeds', () => {
  it('finds alternate links in page order, resolved against <base> and the page, deduplicated', () => {
    const html = `<!doctype html><html><head><base href="/blog/">
      <link rel="stylesheet" type="text/css" href="s.css">
      <link rel="alternate" type="application/rss+xml" title="RSS &amp; more" href="feed.xml">
      <LINK REL="Alternate" TYPE="application/atom+xml" HREF="https://example.org/atom">
      <link rel="alternate" type="application/feed+json" href="./feed.json">
      <link rel="alternate" type="application/json" href="https://example.org/wp-json/wp/v2/posts/1">
      <link rel="alternate" type="application/rss+xml" href="/blog/feed.xml">
      <link rel="alternate" hreflang="de" href="/de/"></head><body><a href="/rss">rss</a></body></html>`;
    expect(discoverFeeds(html, 'https://example.org/blog/post/1')).toEqual([
      { url: 'https://example.org/blog/feed.xml', title: 'RSS & more', type: 'application/rss+xml' },
      { url: 'https://example.org/atom', title: undefined, type: 'application/atom+xml' },
      { url: 'https://example.org/blog/feed.json', title: undefined, type: 'application/feed+json' },
    ]);
  });

  it('falls back to feed-looking anchors only when the head names none', () => {
    const html = '<p><a href="/about">About</a> <a href="feed/">Subscribe</a> <a href="/atom.xml">Atom</a> <a href="mailto:x@rss.example">m</a></p>';
    expect(discoverFeeds(html, 'https://example.org/news/')).toEqual([
      { url: 'https://example.org/news/feed/', title: 'Subscribe', type: 'application/rss+xml' },
      { url: 'https://example.org/atom.xml', title: 'Atom', type: 'application/atom+xml' },
    ]);
    expect(discoverFeeds('', 'not a url')).toEqual([]);
  });
});

// How fast is measured by npm run bench, never here: these machines are shared and noisy.
describe('size', () => {
  const bigFeed = (items: number): string =>
    rss(
      Array.from({ length: items }, (_, index) => `<item><title>Item ${index} &amp; more</title><link>/p/${index}</link><guid>g${index}</guid><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><description><![CDATA[<p>${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>]]></description></item>`).join(''),
    );

  it('reads every item of a 5 MB feed, first to last', () => {
    const perItem = bigFeed(1).length;
    const count = Math.ceil(5_000_000 / perItem);
    const feed = parseFeed(bigFeed(count));
    expect(feed.items).toHaveLength(count);
    expect(feed.items[0]?.title).toBe('Item 0 & more');
    expect(feed.items[count - 1]?.title).toBe(`Item ${count - 1} & more`);
  });
});
