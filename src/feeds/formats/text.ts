import { decodeHTMLStrict } from 'entities/decode';

// C0 and C1 controls except tab and newline; a lone CR becomes a newline first so Mac line breaks survive.
// Lone surrogates and U+FFFE/U+FFFF are not characters and upset terminals as much as controls do.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// An escape sequence whole (CSI, OSC, or ESC and one character), so that its parameters never
// show as text ("[31m") once the ESC itself is gone.
// eslint-disable-next-line no-control-regex -- removing escape sequences is the point
const ESCAPE_SEQUENCE = /(?:\u001B\[|\u009B)[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]/g;

export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Trimmed, control-free text, or undefined when nothing is left. */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = stripControls(text).replace(/\s+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

export function cleanHtml(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const cleaned = stripControls(html).trim();
  return cleaned === '' ? undefined : cleaned;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Text with character and HTML named references decoded; only semicolon-terminated names, so `?a=1&copy=2` stays as written. */
export function decodeReferences(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

const BLOCK_TAG = /^(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer|dd|dt|hr)$/i;

/** Plain text of an HTML fragment, for titles and descriptions: tags dropped, references decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  const withoutInvisible = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const withoutTags = withoutInvisible.replace(/<\/?([a-zA-Z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g, (_tag, name: string) =>
    BLOCK_TAG.test(name) ? ' ' : '',
  );
  return decodeReferences(withoutTags);
}

// HTML's elements, the obsolete ones feeds still send included: a "tag" of another name
// ("<templates>", "<T>") is text that only looks like one.
const HTML_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b bdi bdo big blink blockquote body br button canvas caption center cite code col colgroup ' +
    'data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html ' +
    'i iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav nobr noscript object ol optgroup option output p param picture ' +
    'pre progress q rp rt ruby s samp script section select small source span strike strong style sub summary sup table tbody td template textarea tfoot th ' +
    'thead time title tr track tt u ul var video wbr'
  ).split(' '),
);
/** HTML's void elements: never closed, never holding anything. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?(\/?)>/g;
const REFERENCE = /&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z][a-zA-Z\d]*);/;

/**
 * Whether text that its format calls plain (an RSS title, a JSON Feed title) is HTML all the
 * same, as many feeds send it ("<b>Bold</b> news" in CDATA, "&lt;p&gt;Title&lt;/p&gt;"), and
 * how: by its tags, or by character references alone. As feedparser judges it, on the side of
 * keeping text, since a wrong guess deletes words: tags count only when every one is an HTML
 * element, each closed in order, and one at least is a closing tag ("C++ <templates>", "use
 * <br> for breaks" and "List<T>" are the text they say); with no tag, a reference left after
 * the XML's own (a double-escaped "&amp;amp;") counts.
 */
function htmlIn(text: string): 'tags' | 'references' | undefined {
  if (!/[<&]/.test(text)) return undefined;
  const open: string[] = [];
  let tags = 0;
  let closing = 0;
  for (const [, slash, rawName, selfClosing] of text.matchAll(TAG)) {
    const name = (rawName as string).toLowerCase();
    if (!HTML_ELEMENTS.has(name)) return undefined;
    tags++;
    if (slash === '/') {
      if (open.pop() !== name) return undefined;
      closing++;
    } else if (selfClosing !== '/' && !VOID_ELEMENTS.has(name)) open.push(name);
  }
  if (tags > 0) return closing > 0 && open.length === 0 ? 'tags' : undefined;
  return REFERENCE.test(text) ? 'references' : undefined;
}

/** Text that its format calls plain but that may carry HTML (htmlIn), as plain text. */
export function textMaybeHtml(text: string): string {
  const html = htmlIn(text);
  if (html === undefined) return text;
  if (html === 'tags') return htmlToText(text);
  // References alone may be markup escaped once too often ("&lt;p&gt;Title&lt;/p&gt;" in CDATA):
  // decoded, it is read by the same rule. Not after tags, where "&lt;b&gt;" is text about a tag.
  const decoded = htmlToText(text);
  return htmlIn(decoded) === 'tags' ? htmlToText(decoded) : decoded;
}
