import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeHtml, decodeXml, looksBinary } from '../../src/web/decode.js';

const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

const hex = (text: string): number[] => [...Buffer.from(text.replace(/\s/g, ''), 'hex')];

const page = (head: string, body: string | number[] | Uint8Array): Uint8Array => bytes(`<!doctype html><html><head>${head}</head><body><p>`, body, '</p></body></html>');

describe('decodeHtml', () => {
  it('reads windows-1252 curly quotes as curly quotes, not C1 controls', () => {
    const decoded = decodeHtml(page('<meta charset="windows-1252">', [0x93, ...hex('48 69'), 0x94, 0x85, 0x80]), undefined);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain('\u201cHi\u201d\u2026\u20ac');
  });

  it('reads latin1, iso-8859-1 and ascii labels as windows-1252, as browsers do', () => {
    for (const label of ['latin1', 'ISO-8859-1', 'us-ascii', 'ascii']) {
      const decoded = decodeHtml(page('', [0x93, 0x41, 0x94]), label);
      expect(decoded.encoding, label).toBe('windows-1252');
      expect(decoded.text, label).toContain('\u201cA\u201d');
    }
  });

  it('reads Shift_JIS named by the header', () => {
    const decoded = decodeHtml(page('', hex('93fa 967b 8cea')), 'Shift_JIS');
    expect(decoded.encoding).toBe('shift_jis');
    expect(decoded.text).toContain('日本語');
  });

  it('reads GBK named by <meta http-equiv="Content-Type">, and gb2312 as gbk', () => {
    const decoded = decodeHtml(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', hex('d6d0 cec4')), undefined);
    expect(decoded.encoding).toBe('gbk');
    expect(decoded.text).toContain('中文');
  });

  it('reads ISO-8859-2', () => {
    const decoded = decodeHtml(page("<meta charset='iso-8859-2'>", [...Buffer.from('Za', 'latin1'), 0xbf, 0xf3, 0xb3, 0xe6]), undefined);
    expect(decoded.encoding).toBe('iso-8859-2');
    expect(decoded.text).toContain('Zażółć');
  });

  it('reads Big5, EUC-KR and KOI8-R', () => {
    expect(decodeHtml(page('<meta charset=big5>', hex('a440')), undefined).text).toContain('一');
    expect(decodeHtml(page('<meta charset=euc-kr>', hex('b0a1')), undefined).text).toContain('가');
    expect(decodeHtml(page('<meta charset="koi8-r">', hex('f0d2c9d7c5d4')), undefined).text).toContain('Привет');
  });

  it('reads UTF-16 with a BOM, either byte order, and drops the BOM', () => {
    const html = '<html><body>“Héllo” 日本</body></html>';
    const le = decodeHtml(bytes([0xff, 0xfe], Buffer.from(html, 'utf16le')), undefined);
    expect(le).toEqual({ text: html, encoding: 'utf-16le' });
    const be = decodeHtml(bytes([0xfe, 0xff], Buffer.from(html, 'utf16le').swap16()), undefined);
    expect(be).toEqual({ text: html, encoding: 'utf-16be' });
  });

  it('lets the BOM beat the header, and the header beat <meta>', () => {
    const utf8 = Buffer.from('<meta charset="windows-1252"><p>“é”</p>', 'utf8');
    expect(decodeHtml(bytes([0xef, 0xbb, 0xbf], utf8), 'windows-1252')).toEqual({ text: utf8.toString('utf8'), encoding: 'utf-8' });
    expect(decodeHtml(utf8, 'utf-8').encoding).toBe('utf-8');
    expect(decodeHtml(utf8, 'utf-8').text).toContain('“é”');
    expect(decodeHtml(utf8, undefined).encoding).toBe('windows-1252');
  });

  it('ignores a <meta charset> beyond the first 1024 bytes', () => {
    const late = bytes('<html><head><title>x</title>', `<!-- ${'padding '.repeat(140)} -->`, '<meta charset="shift_jis"></head><body>', Buffer.from('日', 'utf8'), '</body></html>');
    expect(Buffer.from(late).indexOf('<meta')).toBeGreaterThan(1024);
    expect(decodeHtml(late, undefined)).toMatchObject({ encoding: 'utf-8' });
    expect(decodeHtml(late, undefined).text).toContain('日');
  });

  it('ignores a charset in a comment, or in an attribute of another tag', () => {
    const tricky = bytes('<!-- <meta charset="shift_jis"> --><div title=\'<meta charset="gbk">\'></div><meta charset="iso-8859-2"><p>', [0xbf], '</p>');
    expect(decodeHtml(tricky, undefined).encoding).toBe('iso-8859-2');
  });

  it('needs http-equiv="Content-Type" beside content="…charset=…"', () => {
    expect(decodeHtml(page('<meta content="text/html; charset=shift_jis">', 'a'), undefined).encoding).toBe('utf-8');
    expect(decodeHtml(page('<meta content="text/html; charset=shift_jis" http-equiv=content-type>', 'a'), undefined).encoding).toBe('shift_jis');
  });

  it('reads a <meta> naming UTF-16 as UTF-8, since it was readable as ASCII', () => {
    expect(decodeHtml(page('<meta charset="utf-16">', 'é'), undefined).encoding).toBe('utf-8');
  });

  it('falls through an unknown label to the next rule', () => {
    expect(decodeHtml(page('<meta charset="no-such-thing">', [0x93]), 'bogus').encoding).toBe('windows-1252');
    expect(decodeHtml(page('<meta charset="no-such-thing"><meta charset="koi8-r">', 'a'), 'bogus').encoding).toBe('koi8-r');
  });

  it('takes valid UTF-8 without a label as UTF-8, and anything else as windows-1252', () => {
    expect(decodeHtml(Buffer.from('<p>“naïve” — 日本</p>', 'utf8'), undefined)).toEqual({ text: '<p>“naïve” — 日本</p>', encoding: 'utf-8' });
    expect(decodeHtml(bytes('<p>caf', [0xe9], '</p>'), undefined)).toEqual({ text: '<p>café</p>', encoding: 'windows-1252' });
  });

  it('never throws: invalid bytes become replacement characters', () => {
    const decoded = decodeHtml(bytes('<p>', [0xff, 0xc3], '</p>'), 'utf-8');
    expect(decoded.text).toBe('<p>\ufffd\ufffd</p>');
    expect(() => decodeHtml(new Uint8Array(0), undefined)).not.toThrow();
    expect(() => decodeHtml(bytes('<meta charset="'), undefined)).not.toThrow();
    expect(() => decodeHtml(bytes('<meta'), undefined)).not.toThrow();
    expect(() => decodeHtml(bytes('<!--'), undefined)).not.toThrow();
  });

  it('decodes a view into a larger buffer by its own bytes only', () => {
    const whole = Buffer.from('xx<p>\u201cok\u201d</p>yy', 'utf8');
    expect(decodeHtml(whole.subarray(2, whole.length - 2), undefined).text).toBe('<p>\u201cok\u201d</p>');
    const latin = bytes('xx', [0x93, 0x94], 'yy');
    expect(decodeHtml(latin.subarray(2, 4), 'windows-1252').text).toBe('\u201c\u201d');
  });
});

describe('decodeXml', () => {
  const feed = (declaration: string, title: string | number[] | Uint8Array): Uint8Array => bytes(declaration, '<rss><channel><title>', title, '</title></channel></rss>');

  it('follows the <?xml encoding?> declaration', () => {
    const decoded = decodeXml(feed('<?xml version="1.0" encoding="ISO-8859-1"?>', [0x93, 0x41, 0x94]), undefined);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain('<title>\u201cA\u201d</title>');
    expect(decodeXml(feed("<?xml version='1.0' encoding='Shift_JIS' ?>", hex('93fa967b')), undefined).text).toContain('日本');
  });

  it('lets the header beat the declaration, and the BOM beat both', () => {
    const utf8 = feed('<?xml version="1.0" encoding="iso-8859-1"?>', Buffer.from('“é”', 'utf8'));
    expect(decodeXml(utf8, 'utf-8').text).toContain('“é”');
    expect(decodeXml(bytes([0xef, 0xbb, 0xbf], utf8), 'koi8-r')).toMatchObject({ encoding: 'utf-8' });
  });

  it('reads UTF-16 with a BOM, and without one from the "<?" it starts with', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><rss><title>“日本”</title></rss>';
    expect(decodeXml(bytes([0xff, 0xfe], Buffer.from(xml, 'utf16le')), undefined)).toEqual({ text: xml, encoding: 'utf-16le' });
    expect(decodeXml(bytes([0xfe, 0xff], Buffer.from(xml, 'utf16le').swap16()), undefined)).toEqual({ text: xml, encoding: 'utf-16be' });
    expect(decodeXml(Buffer.from(xml, 'utf16le'), undefined)).toEqual({ text: xml, encoding: 'utf-16le' });
    expect(decodeXml(Buffer.from(xml, 'utf16le').swap16(), undefined)).toEqual({ text: xml, encoding: 'utf-16be' });
  });

  it('reads a declaration of UTF-16 in single bytes as UTF-8', () => {
    expect(decodeXml(feed('<?xml version="1.0" encoding="utf-16"?>', Buffer.from('é', 'utf8')), undefined)).toMatchObject({ encoding: 'utf-8' });
  });

  it('falls back to UTF-8, with replacement characters for bytes that are not', () => {
    expect(decodeXml(feed('<?xml version="1.0"?>', Buffer.from('日本', 'utf8')), undefined)).toMatchObject({ encoding: 'utf-8' });
    expect(decodeXml(feed('<?xml version="1.0" encoding="klingon"?>', [0xe9]), 'nonsense').text).toContain('<title>\ufffd</title>');
  });
});

describe('looksBinary', () => {
  it.each([
    ['PNG', hex('89504e470d0a1a0a 0000000d49484452')],
    ['JPEG', hex('ffd8ffe000104a464946')],
    ['GIF', [...Buffer.from('GIF89a\x01\x00', 'latin1')]],
    ['PDF', [...Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1')]],
    ['ZIP', hex('504b0304140000000800')],
    ['gzip', [...gzipSync('<html></html>')]],
  ])('knows %s by its signature', (_name, signature) => {
    expect(looksBinary(Uint8Array.from(signature))).toBe(true);
  });

  it('takes NUL bytes near the start as binary', () => {
    expect(looksBinary(bytes('<html>', [0, 1, 2, 3], '</html>'))).toBe(true);
  });

  it('takes text as text, UTF-16 included', () => {
    expect(looksBinary(Buffer.from('<!doctype html><p>“Hello” 日本</p>', 'utf8'))).toBe(false);
    expect(looksBinary(bytes([0xff, 0xfe], Buffer.from('<p>hi</p>', 'utf16le')))).toBe(false);
    expect(looksBinary(bytes([0xfe, 0xff], Buffer.from('<p>hi</p>', 'utf16le').swap16()))).toBe(false);
    expect(looksBinary(Buffer.from('<?xml version="1.0"?><rss/>', 'utf16le'))).toBe(false);
    expect(looksBinary(new Uint8Array(0))).toBe(false);
    expect(looksBinary(bytes('GIF'))).toBe(false);
  });

  it('looks only at the first few KB for NUL bytes', () => {
    expect(looksBinary(bytes('a'.repeat(64 * 1024), [0]))).toBe(false);
  });
});
