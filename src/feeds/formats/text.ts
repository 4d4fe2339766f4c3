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

/** Whether a string that came as text in RSS is really HTML (escaped markup or entity-laden text), as feed readers guess it. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-zA-Z][\w:-]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z][a-zA-Z\d]*);/.test(text);
}
