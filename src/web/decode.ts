/**
 * Bytes from the web as text, by the rules browsers follow (the WHATWG Encoding standard and
 * the HTML encoding sniffing algorithm), so a page reads here as it reads in a browser. Pure:
 * nothing here touches the network or the file system, and nothing throws.
 */

export interface Decoded {
  text: string;
  /** The encoding's WHATWG name, as TextDecoder spells it: utf-8, windows-1252, shift_jis, … */
  encoding: string;
}

/** How far into a page the <meta charset> prescan looks, as in browsers. */
const PRESCAN_BYTES = 1024;

/** HTML bytes → text per the WHATWG encoding sniffing rules: BOM, header charset, <meta> prescan, then UTF-8 if valid, else windows-1252. */
export function decodeHtml(bytes: Uint8Array, headerCharset: string | undefined): Decoded {
  const encoding =
    bomEncoding(bytes) ??
    encodingForLabel(headerCharset) ??
    metaEncoding(bytes) ??
    (isValidUtf8(bytes) ? 'utf-8' : 'windows-1252');
  return { text: decodeAs(bytes, encoding), encoding };
}

/** XML (feeds) bytes → text: BOM (UTF-8/UTF-16), then header charset, then the <?xml encoding="…"?> declaration, then UTF-8. */
export function decodeXml(bytes: Uint8Array, headerCharset: string | undefined): Decoded {
  const encoding = bomEncoding(bytes) ?? encodingForLabel(headerCharset) ?? bomlessUtf16(bytes) ?? declaredXmlEncoding(bytes) ?? 'utf-8';
  return { text: decodeAs(bytes, encoding), encoding };
}

/** How many bytes looksBinary reads: enough to see NULs in a binary header, little enough to be quick. */
const BINARY_SNIFF_BYTES = 8192;

const MAGIC_NUMBERS: readonly (readonly (number | undefined)[])[] = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  ascii('GIF87a'),
  ascii('GIF89a'),
  ascii('%PDF-'),
  [0x50, 0x4b, 0x03, 0x04], // ZIP (and docx, epub, jar…)
  [0x50, 0x4b, 0x05, 0x06], // an empty ZIP
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [...ascii('RIFF'), undefined, undefined, undefined, undefined, ...ascii('WEBP')],
  [undefined, undefined, undefined, undefined, ...ascii('ftyp')], // MP4, MOV, HEIC
  [0x1a, 0x45, 0xdf, 0xa3], // Matroska, WebM
  ascii('OggS'),
  ascii('ID3'), // MP3
];

/** Bytes that are clearly binary: NUL bytes in the first few KB (text in UTF-16 aside), or a known file signature. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (MAGIC_NUMBERS.some((magic) => startsWith(bytes, magic))) return true;
  const utf16 = bomEncoding(bytes)?.startsWith('utf-16') === true || bomlessUtf16(bytes) !== undefined;
  if (utf16) return false;
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, magic: readonly (number | undefined)[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((byte, at) => byte === undefined || bytes[at] === byte);
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** An XML document in UTF-16 without a BOM still starts with "<" (XML 1.0, appendix F). */
function bomlessUtf16(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] !== 0x00 && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] !== 0x00) return 'utf-16be';
  return undefined;
}

/**
 * A label (a charset parameter, a <meta> or XML declaration) as the encoding it names, by the
 * WHATWG table that TextDecoder carries (latin1 and ascii are windows-1252, gb2312 is gbk, …);
 * undefined for a label it does not know, so the next rule decides.
 */
export function encodingForLabel(label: string | undefined): string | undefined {
  if (label === undefined || label.trim() === '') return undefined;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

// Node 20's TextDecoder decodes windows-1252 as ISO-8859-1, so 0x93 came out as a C1 control
// rather than a curly quote. Those 32 bytes are the only place the two differ.
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (char) => String.fromCharCode(WINDOWS_1252_C1[char.charCodeAt(0) - 0x80] ?? char.charCodeAt(0)));
}

function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, PRESCAN_BYTES));
  const declared = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])\s*([^"'\s]+)\s*\1/i.exec(head)?.[2];
  const encoding = encodingForLabel(declared);
  // A declaration that could be read as ASCII was not written in UTF-16, whatever it says.
  return encoding?.startsWith('utf-16') ? 'utf-8' : encoding;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * The HTML standard's "prescan a byte stream to determine its encoding", over the first 1024
 * bytes: comments and other tags are stepped over, so a charset in a comment or in a script's
 * string does not count, and the first <meta> that names one wins.
 */
function metaEncoding(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, PRESCAN_BYTES));
  let at = 0;
  while (at < head.length) {
    if (head.startsWith('<!--', at)) {
      const end = head.indexOf('-->', at + 2);
      if (end < 0) return undefined;
      at = end + 3;
    } else if (/^<meta[\t\n\f\r /]/i.test(head.slice(at, at + 6))) {
      const meta = readMetaTag(head, at + 5);
      if (meta.encoding !== undefined) return meta.encoding;
      at = meta.end;
    } else if (/^<\/?[a-z]/i.test(head.slice(at, at + 3))) {
      at = skipTag(head, at);
    } else if (/^<[!/?]/.test(head.slice(at, at + 2))) {
      const end = head.indexOf('>', at + 2);
      if (end < 0) return undefined;
      at = end + 1;
    } else {
      at += 1;
    }
  }
  return undefined;
}

function readMetaTag(head: string, from: number): { encoding: string | undefined; end: number } {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | undefined;
  let charset: string | undefined;
  let at = from;
  for (;;) {
    const attribute = readAttribute(head, at);
    if (attribute === undefined) break;
    at = attribute.end;
    // The first of two attributes of the same name counts, as in the HTML parser.
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    if (attribute.name === 'http-equiv') {
      if (attribute.value.toLowerCase() === 'content-type') gotPragma = true;
    } else if (attribute.name === 'content') {
      const label = charsetInContent(attribute.value);
      if (label !== undefined && charset === undefined) {
        charset = label;
        needPragma = true;
      }
    } else if (attribute.name === 'charset') {
      charset = attribute.value;
      needPragma = false;
    }
  }
  if (needPragma === undefined || (needPragma && !gotPragma)) return { encoding: undefined, end: at };
  if (charset?.trim().toLowerCase() === 'x-user-defined') return { encoding: 'windows-1252', end: at };
  const encoding = encodingForLabel(charset);
  if (encoding === undefined) return { encoding: undefined, end: at };
  // A page whose <meta> could be read as ASCII was not written in UTF-16, whatever it says.
  if (encoding.startsWith('utf-16')) return { encoding: 'utf-8', end: at };
  return { encoding, end: at };
}

/** The HTML standard's "algorithm for extracting a character encoding from a meta element". */
function charsetInContent(content: string): string | undefined {
  const match = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(content);
  // An opening quote without its closing one names nothing: the expression does not match it.
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

const SPACE = /[\t\n\f\r ]/;

function skipTag(head: string, from: number): number {
  let at = from + 1;
  while (at < head.length && !SPACE.test(head[at]!) && head[at] !== '>') at += 1;
  for (;;) {
    const attribute = readAttribute(head, at);
    if (attribute === undefined) break;
    at = attribute.end;
  }
  return at + 1;
}

/** The HTML standard's "get an attribute", on a latin1 view of the bytes; undefined at the tag's end. */
function readAttribute(head: string, from: number): { name: string; value: string; end: number } | undefined {
  let at = from;
  while (at < head.length && (SPACE.test(head[at]!) || head[at] === '/')) at += 1;
  if (at >= head.length || head[at] === '>') return undefined;
  let name = '';
  while (at < head.length) {
    const char = head[at]!;
    if (char === '=' && name !== '') break;
    if (SPACE.test(char)) break;
    if (char === '/' || char === '>') return { name: name.toLowerCase(), value: '', end: at };
    name += char;
    at += 1;
  }
  while (at < head.length && SPACE.test(head[at]!)) at += 1;
  if (head[at] !== '=') return { name: name.toLowerCase(), value: '', end: at };
  at += 1;
  while (at < head.length && SPACE.test(head[at]!)) at += 1;
  const quote = head[at];
  if (quote === '"' || quote === "'") {
    const close = head.indexOf(quote, at + 1);
    if (close < 0) return { name: name.toLowerCase(), value: head.slice(at + 1), end: head.length };
    return { name: name.toLowerCase(), value: head.slice(at + 1, close), end: close + 1 };
  }
  const start = at;
  while (at < head.length && !SPACE.test(head[at]!) && head[at] !== '>') at += 1;
  return { name: name.toLowerCase(), value: head.slice(start, at), end: at };
}
