import { escapeAttribute, escapeHtml, VOID_ELEMENTS } from './text.js';
import { attr, childElements, NS, textContent, type XmlElement, type XmlNode } from './xml.js';

/** Where relative addresses point: `explicit` once an xml:base was seen, since only then is it worth rewriting URLs inside HTML. */
export interface Base {
  url: string | undefined;
  explicit: boolean;
}

export function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- URLs must not carry control characters or spaces
  const cleaned = href.replace(/[\u0000-\u0020\u007F-\u009F]+/g, (run, offset: number) => (offset === 0 || offset + run.length === href.length ? '' : encodeURIComponent(run)));
  if (cleaned === '') return undefined;
  try {
    const url = base === undefined ? new URL(cleaned) : new URL(cleaned, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function baseOf(element: XmlElement, parent: Base): Base {
  const declared = attr(element, 'xml:base')?.trim();
  if (declared === undefined || declared === '') return parent;
  try {
    return { url: parent.url === undefined ? new URL(declared).href : new URL(declared, parent.url).href, explicit: true };
  } catch {
    return parent;
  }
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'longdesc', 'background', 'action']);

function rebase(value: string, base: Base): string {
  if (!base.explicit) return value;
  return resolveUrl(value, base.url) ?? value;
}

/** Serialises feed-embedded markup (xhtml content, naked HTML in RSS) back to an HTML string. */
export function innerHtml(element: XmlElement, base: Base): string {
  let html = '';
  for (const child of element.children) html += nodeHtml(child, base);
  return html;
}

function nodeHtml(node: XmlNode, parentBase: Base): string {
  if (typeof node === 'string') return escapeHtml(node);
  const base = baseOf(node, parentBase);
  const name = node.local.replace(/[^a-z0-9-]/g, '') || 'span';
  let html = `<${name}`;
  for (const [key, value] of node.attrs) {
    if (key === 'xmlns' || key.startsWith('xmlns:') || key.startsWith('xml:') || !/^[a-z_][\w.:-]*$/.test(key)) continue;
    html += ` ${key}="${escapeAttribute(URL_ATTRIBUTES.has(key) ? rebase(value, base) : value)}"`;
  }
  if (VOID_ELEMENTS.has(name)) return `${html}>`;
  return `${html}>${innerHtml(node, base)}</${name}>`;
}

const HTML_URL = /(\s(?:href|src|poster|cite|longdesc|background|action)\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

/** Makes relative URLs inside an HTML string absolute, but only under an explicit xml:base: otherwise whoever renders the HTML resolves them against the article. */
export function rebaseHtml(html: string, base: Base): string {
  if (!base.explicit || base.url === undefined) return html;
  return html.replace(HTML_URL, (whole, prefix: string, double: string | undefined, single: string | undefined) => {
    const value = double ?? single ?? '';
    const resolved = resolveUrl(value.replace(/&amp;/g, '&'), base.url);
    return resolved === undefined ? whole : `${prefix}"${escapeAttribute(resolved)}"`;
  });
}

/** RSS puts HTML in element text (escaped or CDATA); broken feeds put it there as naked elements. */
export function elementAsHtml(element: XmlElement, base: Base): string {
  const own = baseOf(element, base);
  if (childElements(element).length > 0) return innerHtml(element, own);
  return rebaseHtml(textContent(element), own);
}

// Atom 1.0 carries these base64-encoded; other non-text types (application/x-custom…) arrive as plain text.
const BINARY_TYPE = /^(?:image|audio|video)\/|^application\/(?:octet-stream|pdf|zip|gzip)$/;

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(compact, 'base64'));
  // Binary that is not text has no business in a text field.
  return decoded.includes('\uFFFD') ? undefined : decoded;
}

/** An Atom text construct (title, summary, content, rights…) as HTML, honouring Atom 1.0 `type` and Atom 0.3 `mode`. */
export function atomTextAsHtml(element: XmlElement, base: Base): string | undefined {
  const own = baseOf(element, base);
  const type = (attr(element, 'type') ?? '').trim().toLowerCase();
  const mode = (attr(element, 'mode') ?? '').trim().toLowerCase();
  const elements = childElements(element);
  if (mode === 'base64' || BINARY_TYPE.test(type)) {
    const decoded = decodeBase64(textContent(element));
    if (decoded === undefined) return undefined;
    return type === 'text' || type === 'text/plain' ? escapeHtml(decoded) : rebaseHtml(decoded, own);
  }
  if (type === 'xhtml' || type === 'application/xhtml+xml' || elements.length > 0) {
    const [only] = elements;
    const wrapper = elements.length === 1 && only && only.local === 'div' && (only.ns === NS.xhtml || only.ns === '') && textContent(element).trim() === textContent(only).trim();
    return wrapper ? innerHtml(only, baseOf(only, own)) : innerHtml(element, own);
  }
  const text = textContent(element);
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return rebaseHtml(text, own);
  return escapeHtml(text);
}
