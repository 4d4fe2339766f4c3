/**
 * A DOM → Markdown converter that keeps the text's words: every text node is written, in
 * order, whatever element holds it (unknown ones too); table cells and <br> lines are kept.
 * Markdown is escaped only where it would change what the text says at that position. The
 * body's top heading level becomes `##` (a section of the article model), deeper ones `###`
 * and `####`; links and images are absolute, and only http(s) (and mailto for links) stay
 * addresses.
 */
import { isCodeBlock } from './blocks.js';
import { stripControls } from './clean.js';

/** The part of a DOM node the walk reads: linkedom's, or any other DOM's. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const CDATA_NODE = 4;

/** Elements that start and end a paragraph of their own. */
const BLOCKS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'FIGURE', 'FIGCAPTION', 'ADDRESS', 'DETAILS', 'SUMMARY', 'DL', 'DT', 'DD',
  'CENTER', 'ASIDE', 'HGROUP', 'NAV', 'LI', 'BODY', 'HTML', 'FIELDSET', 'LEGEND', 'CAPTION', 'PICTURE', 'VIDEO', 'AUDIO', 'MENU', 'OUTPUT',
]);
const STRUCTURE = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TABLE', 'HR']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/** Never text a reader sees. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'HEAD', 'TITLE', 'META', 'LINK', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'MATH', 'SOURCE', 'TRACK', 'PARAM', 'MAP', 'AREA', 'DIALOG']);
/** A line break inside a paragraph, until the paragraph is written. */
const BREAK = '\u2028';

interface Walk {
  base: string | undefined;
  top: number;
  inLink: boolean;
  hasBlock: Map<DomNode, boolean>;
}

export function toMarkdown(root: DomNode, base: string | undefined): string {
  const walk: Walk = { base, top: topHeadingLevel(root), inLink: false, hasBlock: new Map() };
  const blocks: string[] = [];
  walkBlocks(root, blocks, walk);
  // Code is kept as written: its blank lines and trailing spaces are the author's.
  const markdown = blocks
    .filter((block) => block.trim() !== '')
    .map((block) => (isCodeBlock(block) ? block : block.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n')))
    .join('\n\n')
    .trim();
  // An article file's body that opened with a --- line would read as front matter.
  return markdown.startsWith('---') ? `\\${markdown}` : markdown;
}

function topHeadingLevel(node: DomNode): number {
  let top = 7;
  const visit = (at: DomNode): void => {
    if (at.nodeType !== ELEMENT_NODE || SKIP.has(at.nodeName)) return;
    if (HEADINGS.has(at.nodeName) && (at.textContent ?? '').trim() !== '') top = Math.min(top, Number(at.nodeName[1]));
    const children = at.childNodes;
    for (let index = 0; index < children.length; index++) visit(children[index] as DomNode);
  };
  visit(node);
  return top === 7 ? 2 : top;
}

/** Whether headings, lists, quotes, code, tables or rules are anywhere inside. */
function holdsStructure(node: DomNode): boolean {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== ELEMENT_NODE || SKIP.has(child.nodeName)) continue;
    if (STRUCTURE.has(child.nodeName) || holdsStructure(child)) return true;
  }
  return false;
}

/** Whether an element holds paragraphs of its own, so that it must be walked as blocks. */
function holdsBlocks(node: DomNode, walk: Walk): boolean {
  const known = walk.hasBlock.get(node);
  if (known !== undefined) return known;
  let found = false;
  const children = node.childNodes;
  for (let index = 0; index < children.length && !found; index++) {
    const child = children[index] as DomNode;
    if (child.nodeType !== ELEMENT_NODE || SKIP.has(child.nodeName)) continue;
    found = BLOCKS.has(child.nodeName) || STRUCTURE.has(child.nodeName) || holdsBlocks(child, walk);
  }
  walk.hasBlock.set(node, found);
  return found;
}

function walkBlocks(node: DomNode, blocks: string[], walk: Walk): void {
  let inline = '';
  const flush = (): void => {
    const text = finishInline(inline);
    if (text !== '') blocks.push(text);
    inline = '';
  };
  const children = node.childNodes;
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as DomNode;
    const name = child.nodeName;
    if (isText(child)) {
      const run = textRun(children, index);
      inline += escapeText(run.text, walk);
      index = run.last;
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE || SKIP.has(name)) continue;
    if (HEADINGS.has(name)) {
      flush();
      const level = Math.min(6, Math.max(2, Number(name[1]) - walk.top + 2));
      const text = oneLine(inlineOf(child, walk));
      if (text !== '') blocks.push(`${'#'.repeat(level)} ${text}`);
    } else if (name === 'UL' || name === 'OL' || name === 'MENU') {
      flush();
      blocks.push(listApart(list(child, walk, 0), blocks.findLast((block) => block.trim() !== '')));
    } else if (name === 'BLOCKQUOTE') {
      flush();
      const inner: string[] = [];
      walkBlocks(child, inner, walk);
      const text = inner.filter((block) => block.trim() !== '').join('\n\n');
      if (text !== '') blocks.push(text.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n'));
    } else if (name === 'PRE') {
      flush();
      blocks.push(codeBlock(child));
    } else if (name === 'TABLE') {
      flush();
      blocks.push(...table(child, walk));
    } else if (name === 'HR') {
      flush();
    } else if (BLOCKS.has(name) || holdsBlocks(child, walk)) {
      flush();
      walkBlocks(child, blocks, walk);
    } else {
      inline += inlineElement(child, walk);
    }
  }
  flush();
}

/** An inline run as a paragraph: white space as the browser shows it, <br> as line breaks. */
function finishInline(inline: string): string {
  const text = inline
    .replace(/[ \t\n\r\f]+/g, ' ')
    .replace(/ *\u2028[ \u2028]*/g, (breaks) => (breaks.includes(BREAK) ? '\n' : ' '))
    .trim();
  return escapeLineStarts(text);
}

function oneLine(text: string): string {
  return text.replace(/[\s\u2028]+/g, ' ').trim();
}

const isText = (node: DomNode): boolean => node.nodeType === TEXT_NODE || node.nodeType === CDATA_NODE;

/**
 * Neighbouring text nodes as one text: the DOM may split a text at its entities ("a ", "<",
 * "div"), and escaping must see what stands on either side of a mark.
 */
function textRun(children: ArrayLike<DomNode>, first: number): { text: string; last: number } {
  let text = '';
  let last = first;
  for (let index = first; index < children.length && isText(children[index] as DomNode); index++) {
    text += (children[index] as DomNode).textContent ?? '';
    last = index;
  }
  return { text, last };
}

function inlineOf(node: DomNode, walk: Walk): string {
  let text = '';
  const children = node.childNodes;
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as DomNode;
    if (isText(child)) {
      const run = textRun(children, index);
      text += escapeText(run.text, walk);
      index = run.last;
    } else if (child.nodeType === ELEMENT_NODE && !SKIP.has(child.nodeName)) {
      // A paragraph inside an inline element (or a heading) is a line of its own, not glued words.
      if (!BLOCKS.has(child.nodeName) && !STRUCTURE.has(child.nodeName)) text += inlineElement(child, walk);
      else if (child.nodeName === 'PRE') text += `${BREAK}${escapeText(codeText(child), walk)}${BREAK}`;
      else if (child.nodeName === 'TABLE') text += `${BREAK}${escapeText(child.textContent ?? '', walk)}${BREAK}`;
      else text += `${BREAK}${inlineOf(child, walk)}${BREAK}`;
    }
  }
  return text;
}

function inlineElement(node: DomNode, walk: Walk): string {
  const name = node.nodeName;
  if (name === 'BR') return BREAK;
  if (name === 'WBR') return '';
  if (name === 'IMG') return image(node, walk);
  if (name === 'A') {
    const href = walk.inLink ? undefined : absolute(node.getAttribute?.('href') ?? '', walk.base, true);
    if (!href) return inlineOf(node, walk);
    const inner = inlineOf(node, { ...walk, inLink: true });
    const text = oneLine(inner);
    if (text === '') return inner;
    return `${leading(inner)}[${text}](${href})${trailing(inner)}`;
  }
  if (name === 'CODE' || name === 'KBD' || name === 'SAMP' || name === 'TT') return codeSpan(node);
  const inner = inlineOf(node, walk);
  if (name === 'EM' || name === 'I' || name === 'CITE' || name === 'DFN' || name === 'VAR') return wrap(inner, '*');
  if (name === 'STRONG' || name === 'B') return wrap(inner, '**');
  if (name === 'DEL' || name === 'S' || name === 'STRIKE') return wrap(inner, '~~');
  if (name === 'TD' || name === 'TH') return ` ${inner} `;
  if (name === 'SUP' || name === 'SUB') return scripted(inner, name === 'SUP' ? SUPERSCRIPTS : SUBSCRIPTS);
  return inner;
}

const SUPERSCRIPTS = new Map([...'0123456789+-−=()ni'].map((ch, n) => [ch, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ'[n] as string]));
const SUBSCRIPTS = new Map([...'0123456789+-−=()aehklmnopstx'].map((ch, n) => [ch, '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕₖₗₘₙₒₚₛₜₓ'[n] as string]));

/**
 * A superscript or subscript in the characters Unicode has for them, where it has one for each:
 * 10<sup>6</sup> is 10⁶, not 106; CO<sub>2</sub> is CO₂. Anything else (19<sup>th</sup>, a
 * footnote's link) is its text, as before: ^ or _ marks would read as Markdown or as noise.
 */
function scripted(inner: string, characters: ReadonlyMap<string, string>): string {
  const text = inner.trim();
  if (text === '' || text.length > 12 || ![...text].every((ch) => characters.has(ch))) return inner;
  return `${leading(inner)}${[...text].map((ch) => characters.get(ch)).join('')}${trailing(inner)}`;
}

function image(node: DomNode, walk: Walk): string {
  const source = imageSource(node, walk.base);
  if (!source) return '';
  const alt = oneLine(stripControls(node.getAttribute?.('alt') ?? '')).replace(/[[\]\\]|<(?=[A-Za-z/!?])/g, (ch) => `\\${ch}`);
  return ` ![${alt}](${source}) `;
}

/** The address a browser would show, lazy-loading attributes included; data: URIs are not kept. */
function imageSource(node: DomNode, base: string | undefined): string | undefined {
  for (const attribute of ['src', 'data-src', 'data-original', 'data-lazy-src', 'data-url']) {
    const found = absolute(node.getAttribute?.(attribute) ?? '', base);
    if (found && !found.startsWith('#')) return found;
  }
  const srcset = node.getAttribute?.('srcset') ?? node.getAttribute?.('data-srcset') ?? '';
  const first = srcset.trim().split(/\s+/)[0];
  const fromSet = first ? absolute(first.replace(/,$/, ''), base) : undefined;
  return fromSet && !fromSet.startsWith('#') ? fromSet : undefined;
}

/** Emphasis around the words with its spaces outside, so that the marks always meet a word. */
function wrap(inner: string, mark: string): string {
  const text = inner.trim();
  if (text === '' || text.includes(BREAK) || text.startsWith(mark[0] as string) || text.endsWith(mark[0] as string)) return inner;
  return `${leading(inner)}${mark}${text}${mark}${trailing(inner)}`;
}

const leading = (text: string): string => (/^[\s\u2028]/.test(text) ? ' ' : '');
const trailing = (text: string): string => (/[\s\u2028]$/.test(text) ? ' ' : '');

function codeSpan(node: DomNode): string {
  const code = stripControls(node.textContent ?? '').replace(/\s+/g, ' ');
  if (code.trim() === '') return code;
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ')) ? ' ' : '';
  return `${ticks}${pad}${code}${pad}${ticks}`;
}

function codeBlock(node: DomNode): string {
  // Blank lines around the code are the page's spacing (and HTML drops a newline after <pre>).
  const code = stripControls(codeText(node), true).replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  if (code.trim() === '') return '';
  const longest = Math.max(2, ...(code.match(/^ {0,3}(`+|~+)/gm) ?? []).map((run) => run.trim().length));
  const fence = '`'.repeat(longest + 1);
  const language = languageOf(node);
  return `${fence}${language}\n${code}\n${fence}`;
}

/**
 * A <pre>'s text as a browser shows it. Highlighters (Prism and the like) end lines with <br>
 * or wrap each line in a block element, with no newline in the text: textContent would run
 * the lines together. Spaces, tabs and newlines in the text are kept as they are.
 */
function codeText(node: DomNode): string {
  let text = '';
  const newLine = (): void => {
    if (text !== '' && !text.endsWith('\n')) text += '\n';
  };
  const visit = (at: DomNode): void => {
    const children = at.childNodes;
    for (let index = 0; index < children.length; index++) {
      const child = children[index] as DomNode;
      if (isText(child)) text += child.textContent ?? '';
      else if (child.nodeType !== ELEMENT_NODE || SKIP.has(child.nodeName)) continue;
      else if (child.nodeName === 'BR') text += '\n';
      else if (BLOCKS.has(child.nodeName) || STRUCTURE.has(child.nodeName)) {
        newLine();
        visit(child);
        newLine();
      } else visit(child);
    }
  };
  visit(node);
  return text;
}

function languageOf(node: DomNode): string {
  const codeChild = Array.from(node.childNodes).find((child) => child.nodeName === 'CODE');
  const classes = `${node.getAttribute?.('class') ?? ''} ${codeChild?.getAttribute?.('class') ?? ''}`;
  return /(?:^|\s)(?:language|lang)-([\w+#.-]{1,20})/.exec(classes)?.[1] ?? '';
}

function list(node: DomNode, walk: Walk, depth: number): string {
  const ordered = node.nodeName === 'OL';
  const lines: string[] = [];
  let number = Number.parseInt(node.getAttribute?.('start') ?? '1', 10);
  if (!Number.isFinite(number) || number < 0 || number > 999_999_999) number = 1;
  const indent = '   '.repeat(depth);
  const items = Array.from(node.childNodes);
  for (const item of items) {
    if (item.nodeType === TEXT_NODE && oneLine(item.textContent ?? '') !== '') {
      lines.push(`${indent}${ordered ? `${number++}.` : '-'} ${escapeText(oneLine(item.textContent ?? ''), walk)}`);
      continue;
    }
    if (item.nodeType !== ELEMENT_NODE || SKIP.has(item.nodeName)) continue;
    if (item.nodeName === 'UL' || item.nodeName === 'OL') {
      lines.push(list(item, walk, depth + 1));
      continue;
    }
    const marker = ordered ? `${number++}.` : '-';
    let text = '';
    const nested: string[] = [];
    const children = item.childNodes;
    for (let index = 0; index < children.length; index++) {
      const child = children[index] as DomNode;
      if (child.nodeType === ELEMENT_NODE && (child.nodeName === 'UL' || child.nodeName === 'OL')) nested.push(list(child, walk, depth + 1));
      else if (isText(child)) {
        const run = textRun(children, index);
        text += escapeText(run.text, walk);
        index = run.last;
      } else if (child.nodeType === ELEMENT_NODE && !SKIP.has(child.nodeName)) {
        text += BLOCKS.has(child.nodeName) || STRUCTURE.has(child.nodeName) || holdsBlocks(child, walk) ? ` ${inlineOf(child, walk)} ` : inlineElement(child, walk);
      }
    }
    let line = oneLine(text);
    // "[ ]" or "[x]" opening an item would make it a task list's checkbox.
    if (/^\[[ xX]\]/.test(line)) line = `\\${line}`;
    if (line !== '' || nested.length > 0) lines.push(`${indent}${marker} ${line}`.trimEnd(), ...nested.filter(Boolean));
  }
  return lines.filter(Boolean).join('\n');
}

/**
 * A list written right after another of its kind would run on as one in Markdown (two <ol>s,
 * 1. 2. then 3.): its top-level markers change, - to * and 1. to 1), as CommonMark then starts
 * a new list.
 */
function listApart(made: string, previous: string | undefined): string {
  const kind = (block: string | undefined): string | undefined => /^(?:- |\* |\d+\. |\d+\) )/.exec(block ?? '')?.[0].replace(/^\d+/, '');
  const mine = kind(made);
  if (mine === undefined || mine !== kind(previous)) return made;
  if (mine === '- ') return made.replace(/^- /gm, '* ');
  if (mine === '. ') return made.replace(/^(\d+)\. /gm, '$1) ');
  return made;
}

/**
 * A data table as a GFM pipe table when every row has the same number of cells, else a line
 * per row with its cells parted by " · "; every cell's text is kept. A table used for layout
 * (cells holding paragraphs) is walked as the blocks it holds.
 */
function table(node: DomNode, walk: Walk): string[] {
  const rows: DomNode[][] = [];
  const visit = (at: DomNode): void => {
    for (const child of Array.from(at.childNodes)) {
      if (child.nodeType !== ELEMENT_NODE) continue;
      if (child.nodeName === 'TR') rows.push(Array.from(child.childNodes).filter((cell) => cell.nodeName === 'TD' || cell.nodeName === 'TH'));
      else if (child.nodeName === 'THEAD' || child.nodeName === 'TBODY' || child.nodeName === 'TFOOT') visit(child);
    }
  };
  visit(node);
  const caption = Array.from(node.childNodes).find((child) => child.nodeName === 'CAPTION');
  const blocks: string[] = [];
  if (caption) blocks.push(finishInline(inlineOf(caption, walk)));
  // A cell whose blocks are only paragraphs (Dropbox's <td><p>new</p></td>) still holds data;
  // one with headings, lists, quotes, code or tables in it, or a great deal of text, is layout.
  const layout = rows.some((row) => row.some((cell) => holdsStructure(cell) || (cell.textContent ?? '').length > 400));
  if (layout) {
    for (const row of rows) for (const cell of row) walkBlocks(cell, blocks, walk);
    return blocks;
  }
  const texts = rows
    .map((row) => row.map((cell) => oneLine(inlineOf(cell, walk)).replace(/\|/g, '\\|')))
    .filter((row) => row.some((cell) => cell !== ''));
  if (texts.length === 0) return blocks;
  const width = texts[0]?.length ?? 0;
  if (width > 1 && texts.length > 1 && texts.every((row) => row.length === width)) {
    const [head, ...body] = texts as [string[], ...string[][]];
    blocks.push([`| ${head.join(' | ')} |`, `|${' --- |'.repeat(width)}`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n'));
  } else {
    blocks.push(texts.map((row) => escapeLineStarts(row.filter(Boolean).join(' \u00B7 '))).join('\n\n'));
  }
  return blocks;
}

export function absolute(href: string, base: string | undefined, allowMail = false): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol === 'http:' || url.protocol === 'https:' || (allowMail && url.protocol === 'mailto:')) {
      return url.href.replace(/[()\s<>[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    }
  } catch {
    // Not an address: the text stands alone.
  }
  return undefined;
}

/**
 * Text as Markdown that reads back as the same text. Only marks that would act at their
 * position are escaped: `*` and `_` that could open or close emphasis (not "a * b", not
 * snake_case), backticks, a `]` that would close a link's text or a reference, `<` that would
 * open HTML, `&` that would start an entity, a backslash before punctuation.
 */
function escapeText(raw: string, walk: Walk): string {
  const text = stripControls(raw).replace(/\u00A0/g, ' ');
  return text.replace(/[\\`*_~<&[\]]/g, (ch, at: number) => {
    const before = text[at - 1];
    const after = text[at + 1];
    switch (ch) {
      case '\\':
        return after === undefined || /[!-/:-@[-`{-~]/.test(after) ? '\\\\' : ch;
      case '*':
        return isSpace(before) && isSpace(after) && before !== undefined && after !== undefined ? ch : '\\*';
      case '_':
        if (/[\p{L}\p{N}]/u.test(before ?? '') && /[\p{L}\p{N}]/u.test(after ?? '')) return ch;
        return isSpace(before) && isSpace(after) && before !== undefined && after !== undefined ? ch : '\\_';
      case '~':
        return after === '~' || before === '~' ? '\\~' : ch;
      case '<':
        return /[A-Za-z/!?]/.test(after ?? '') ? '\\<' : ch;
      case '&':
        return /^&#?[A-Za-z0-9]+;/.test(text.slice(at, at + 34)) ? '\\&' : ch;
      case '[':
        return walk.inLink ? '\\[' : ch;
      case ']':
        return walk.inLink || after === '(' || after === '[' || after === ':' || after === undefined ? '\\]' : ch;
      default:
        return `\\${ch}`;
    }
  });
}

const isSpace = (ch: string | undefined): boolean => ch === undefined || /\s/.test(ch);

/** A line that starts like a heading, list item, quote, fence or rule would become one. */
function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^([#>+-])(?=[ \t]|$)/, '\\$1')
        .replace(/^(#{1,6})(?=[ \t]|$)/, '\\$1')
        .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2')
        .replace(/^(=+|-+)[ \t]*$/, '\\$1')
        .replace(/^(\+)(?=[ \t])/, '\\$1')
        .replace(/^(`{3,}|~{3,})/, '\\$1'),
    )
    .join('\n');
}
