import { isCodeBlock } from './blocks.js';

/**
 * Page text is untrusted: control characters (C0, DEL, C1: ESC and CSI among them, so no
 * terminal escape sequence survives), lone surrogates and the byte-order mark go. Newlines
 * and tabs stay only where asked (code).
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF\u200B]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_AND_LINES = /[\u0000-\u001F\u007F-\u009F\uFEFF\u200B]/g;

export function stripControls(text: string, keepLines = false): string {
  const wellFormed = text.toWellFormed();
  return keepLines ? wellFormed.replace(/\r\n?/g, '\n').replace(CONTROLS, '') : wellFormed.replace(/[\t\n\r\f]/g, ' ').replace(CONTROLS_AND_LINES, '');
}

/** Text from a page on one line: controls dropped, runs of white space as one space. */
export function clean(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const cleaned = stripControls(text).replace(/[\s\u2028\u2029]+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

/** Lines that are never the article, wherever they stand. */
const JUNK_LINE = new RegExp(
  String.raw`^(?:advertisement|advertising|sponsored|skip (?:to (?:main )?content|advertisement)|continue reading(?: the main story)?|story continues below(?: advertisement)?|` +
    String.raw`scroll to continue with content|supported by|related articles?|related stories|related coverage|recommended(?: for you)?|most (?:read|popular)|read more|read next|more from .{1,40}|` +
    String.raw`share(?: this(?: article| story)?)?(?: on \w+)?|share on (?:facebook|twitter|x)|tweet|email|print|copy link|link copied|subscribe|sign up|follow us|image|photo|video|loading\.{0,3})[\s.:!\u2026]*$`,
  'i',
);
/** What a tail of the article says that is not the article: invitations, credits, links out. */
const TRAILING_JUNK = new RegExp(
  String.raw`^(?:(?:\*\*|\*)?(?:read more|read next|continue reading|related|more (?:on|from|about)|see also|you may also like|recommended|most read|sign up|subscribe|follow (?:us|me)|share|tags?|topics|filed under|comments?|leave a (?:comment|reply)|copyright|all rights reserved|\u00A9|\(c\) \d{4}|this (?:article|story) (?:was|has been|is) (?:originally )?(?:published|updated))` +
    String.raw`|.{0,80}(?:newsletter|sign up for|subscribe to|follow us on)\b)`,
  'i',
);

/** A block that is nothing but links (and the separators between them). */
function onlyLinks(block: string): boolean {
  const withoutLinks = block
    .replace(/!?\[(?:\\.|[^\]\\])*\]\([^)]*\)/g, '')
    .replace(/^\s*(?:[-+]|\d+\.)\s*/gm, '')
    .replace(/[\s|\u00B7\u2022,;:\u2013\u2014-]+/g, '');
  return withoutLinks === '' && /\]\(/.test(block) && !/^!\[/.test(block.trim());
}

const textOf = (block: string): string =>
  block
    .replace(/!\[(?:\\.|[^\]\\])*\]\([^)]*\)/g, ' ')
    .replace(/\[((?:\\.|[^\]\\])*)\]\([^)]*\)/g, '$1')
    .replace(/[\\*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Clean after extraction, on the Markdown's blocks: lines that are never the article anywhere
 * (ad labels, "Continue reading the main story"), short lines repeated word for word (photo
 * credits under every picture), and at the end whatever is not the article: "read more",
 * lists of links out, newsletter invitations, the author's box.
 */
export function cleanBlocks(blocks: string[], author: string | undefined): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const block of blocks) {
    // Code is what the author wrote down, whatever its words ("print", "ap = 1").
    if (isCodeBlock(block)) {
      kept.push(block);
      continue;
    }
    const text = textOf(block);
    if (text === '' && !/!\[/.test(block)) continue;
    if (JUNK_LINE.test(text)) continue;
    if (text.length > 0 && text.length < 60 && !/^#/.test(block) && !block.startsWith('|')) {
      const key = text.toLowerCase();
      if (seen.has(key) && /(?:photo|image|picture|credit|getty|reuters|associated press|\bap\b|afp|shutterstock|\u00A9)/i.test(key)) continue;
      seen.add(key);
    }
    kept.push(block);
  }
  const authorWords = (author ?? '').toLowerCase().split(/,\s*/)[0]?.trim() ?? '';
  while (kept.length > 1) {
    const last = kept[kept.length - 1] as string;
    if (isCodeBlock(last)) break;
    const text = textOf(last);
    const words = text.split(' ').length;
    const isHeading = /^#{2,} /.test(last);
    const authorBox = authorWords.length > 3 && words < 80 && text.toLowerCase().startsWith(authorWords) && /\b(?:is|was) (?:a|an|the)\b/i.test(text);
    if (isHeading || onlyLinks(last) || (words < 40 && TRAILING_JUNK.test(text)) || authorBox) kept.pop();
    else break;
  }
  return kept;
}
