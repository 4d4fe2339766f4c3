import { Parser } from 'htmlparser2';
import { FeedFormatError } from './errors.js';
import { decodeReferences } from './text.js';

export interface XmlElement {
  /** The name as written, prefix included. */
  name: string;
  /** Lower-cased local part, so `<Title>` and `<title>` read alike. */
  local: string;
  /** Normalised namespace URI (see normaliseNamespace), '' for none. */
  ns: string;
  /** Attributes keyed by lower-cased name as written, values decoded. */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Set when the input ended before the element did: the document was cut short. */
  unclosed?: true;
}
export type XmlNode = XmlElement | string;

// Lower-cased, scheme-insensitive and without trailing slash or hash, because feeds
// write `http://search.yahoo.com/mrss` and `https://search.yahoo.com/mrss/` for the same thing.
export function normaliseNamespace(uri: string): string {
  return uri.trim().toLowerCase().replace(/^https:\/\//, 'http://').replace(/[/#]+$/, '');
}

export const NS = {
  atom10: normaliseNamespace('http://www.w3.org/2005/Atom'),
  atom03: normaliseNamespace('http://purl.org/atom/ns#'),
  rss10: normaliseNamespace('http://purl.org/rss/1.0/'),
  rss090: normaliseNamespace('http://my.netscape.com/rdf/simple/0.9/'),
  rss090channel: normaliseNamespace('http://channel.netscape.com/rdf/simple/0.9/'),
  rdf: normaliseNamespace('http://www.w3.org/1999/02/22-rdf-syntax-ns#'),
  content: normaliseNamespace('http://purl.org/rss/1.0/modules/content/'),
  dc: normaliseNamespace('http://purl.org/dc/elements/1.1/'),
  dcterms: normaliseNamespace('http://purl.org/dc/terms/'),
  media: normaliseNamespace('http://search.yahoo.com/mrss/'),
  itunes: normaliseNamespace('http://www.itunes.com/dtds/podcast-1.0.dtd'),
  xhtml: normaliseNamespace('http://www.w3.org/1999/xhtml'),
} as const;

// What real feeds mean by a prefix they forgot to declare.
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  atom: NS.atom10,
  content: NS.content,
  dc: NS.dc,
  dcterms: NS.dcterms,
  media: NS.media,
  itunes: NS.itunes,
  rdf: NS.rdf,
  xhtml: NS.xhtml,
};

/** Deeper elements are flattened into their ancestor so that nothing downstream recurses without bound. */
const MAX_DEPTH = 256;
/** One internal entity may expand to at most this many characters … */
const MAX_ENTITY_LENGTH = 64 * 1024;
/** … and all entity references in a document together to at most this many. */
const MAX_TOTAL_EXPANSION = 1024 * 1024;
const MAX_ENTITY_DECLARATIONS = 1000;

const EXPANSION_REFUSED = 'entity expansion over the limit (billion laughs?)';

interface Doctype {
  /** Internal general entities: name → replacement text as declared (not yet expanded). */
  internal: Map<string, string>;
  /** Entities declared SYSTEM or PUBLIC: never fetched, their references read as nothing. */
  external: Set<string>;
}

/** Finds a DOCTYPE in the prolog, returns it parsed and the text with it cut out (htmlparser2 ends a declaration at its first `>`, which breaks on internal subsets). */
function cutDoctype(text: string): { text: string; doctype: Doctype | undefined } {
  let at = 0;
  for (;;) {
    const open = text.indexOf('<', at);
    if (open < 0) return { text, doctype: undefined };
    if (text.startsWith('<?', open)) {
      const close = text.indexOf('?>', open + 2);
      if (close < 0) return { text, doctype: undefined };
      at = close + 2;
    } else if (text.startsWith('<!--', open)) {
      const close = text.indexOf('-->', open + 4);
      if (close < 0) return { text, doctype: undefined };
      at = close + 3;
    } else if (/^<!doctype/i.test(text.slice(open, open + 9))) {
      const end = doctypeEnd(text, open + 9);
      const declaration = text.slice(open, end);
      return { text: text.slice(0, open) + text.slice(end), doctype: parseDoctype(declaration) };
    } else {
      return { text, doctype: undefined };
    }
  }
}

function doctypeEnd(text: string, from: number): number {
  let inSubset = false;
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (inSubset && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    if (char === '[') inSubset = true;
    else if (char === ']') inSubset = false;
    else if (char === '>' && !inSubset) return i + 1;
    i += 1;
  }
  return text.length;
}

function parseDoctype(declaration: string): Doctype {
  const doctype: Doctype = { internal: new Map(), external: new Set() };
  const subset = declaration.replace(/<!--[\s\S]*?-->/g, '');
  const entity = /<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)/gi;
  let count = 0;
  for (const match of subset.matchAll(entity)) {
    count += 1;
    if (count > MAX_ENTITY_DECLARATIONS) throw new FeedFormatError(EXPANSION_REFUSED);
    const [, parameter, name, doubleQuoted, singleQuoted] = match;
    // Parameter entities only matter inside the DTD, which is never interpreted here.
    if (parameter || name === undefined) continue;
    const value = doubleQuoted ?? singleQuoted;
    if (value === undefined) doctype.external.add(name);
    else if (!doctype.internal.has(name)) doctype.internal.set(name, value);
  }
  return doctype;
}

const REFERENCE = /&([^\s&;<>"']{1,64});/g;

/** Decodes references in raw XML text: XML and HTML named entities, character references, and internal DTD entities within strict bounds. */
class ReferenceDecoder {
  private readonly expanded = new Map<string, string>();
  private readonly expanding = new Set<string>();
  private total = 0;

  constructor(private readonly doctype: Doctype | undefined) {}

  decode(raw: string): string {
    if (!raw.includes('&')) return raw;
    if (this.doctype === undefined || (this.doctype.internal.size === 0 && this.doctype.external.size === 0)) return decodeReferences(raw);
    return raw.replace(REFERENCE, (reference, name: string) => {
      const value = this.lookup(name);
      if (value === undefined) return decodeReferences(reference);
      this.total += value.length;
      if (this.total > MAX_TOTAL_EXPANSION) throw new FeedFormatError(EXPANSION_REFUSED);
      return value;
    });
  }

  private lookup(name: string): string | undefined {
    if (this.doctype === undefined) return undefined;
    if (this.doctype.external.has(name) && !this.doctype.internal.has(name)) return '';
    const declared = this.doctype.internal.get(name);
    if (declared === undefined) return undefined;
    const known = this.expanded.get(name);
    if (known !== undefined) return known;
    if (this.expanding.has(name)) throw new FeedFormatError('entity expansion loops: an entity refers to itself');
    this.expanding.add(name);
    let length = 0;
    const value = declared.replace(REFERENCE, (reference, inner: string) => {
      const part = this.lookup(inner) ?? decodeReferences(reference);
      length += part.length;
      if (length > MAX_ENTITY_LENGTH) throw new FeedFormatError(EXPANSION_REFUSED);
      return part;
    });
    if (value.length > MAX_ENTITY_LENGTH) throw new FeedFormatError(EXPANSION_REFUSED);
    this.expanding.delete(name);
    this.expanded.set(name, value);
    return value;
  }
}

/** A forgiving XML reader: never fetches anything, tolerates bad nesting, undeclared prefixes and HTML entities, and returns the top-level nodes. */
export function parseXml(input: string): XmlElement[] {
  const { text, doctype } = cutDoctype(input.replace(/^\uFEFF/, ''));
  const decoder = new ReferenceDecoder(doctype);
  const roots: XmlElement[] = [];
  const stack: { element: XmlElement; scope: Map<string, string> }[] = [];
  let overflow = 0;
  let pending = '';
  let inCdata = false;
  let ending = false;

  const current = (): XmlElement | undefined => stack[stack.length - 1]?.element;
  const flush = (): void => {
    if (pending === '') return;
    const decoded = decoder.decode(pending);
    pending = '';
    current()?.children.push(decoded);
  };

  const resolvePrefix = (prefix: string, scope: Map<string, string>): string => {
    const declared = scope.get(prefix);
    if (declared !== undefined) return declared;
    if (prefix === '') return '';
    return CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? `undeclared:${prefix.toLowerCase()}`;
  };

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        flush();
        if (stack.length >= MAX_DEPTH) {
          overflow += 1;
          return;
        }
        const parentScope = stack[stack.length - 1]?.scope;
        let scope = parentScope ?? new Map<string, string>();
        const attrs = new Map<string, string>();
        for (const [key, value] of Object.entries(rawAttrs)) {
          const lowered = key.toLowerCase();
          const decoded = decoder.decode(value);
          if (!attrs.has(lowered)) attrs.set(lowered, decoded);
          if (lowered === 'xmlns' || lowered.startsWith('xmlns:')) {
            if (scope === parentScope) scope = new Map(parentScope);
            scope.set(key.slice(6), normaliseNamespace(decoded));
          }
        }
        const colon = name.indexOf(':');
        const prefix = colon > 0 ? name.slice(0, colon) : '';
        const element: XmlElement = {
          name,
          local: (colon > 0 ? name.slice(colon + 1) : name).toLowerCase(),
          ns: resolvePrefix(prefix, scope),
          attrs,
          children: [],
        };
        const parent = current();
        if (parent) parent.children.push(element);
        else roots.push(element);
        stack.push({ element, scope });
      },
      onclosetag(_name, isImplied) {
        flush();
        if (overflow > 0) overflow -= 1;
        else {
          const closed = stack.pop();
          // Closed by the end of the input, not by a tag: what was to follow is missing.
          if (closed && isImplied && ending) closed.element.unclosed = true;
        }
      },
      ontext(data) {
        if (inCdata) current()?.children.push(data);
        else pending += data;
      },
      oncdatastart() {
        flush();
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      oncomment() {
        flush();
      },
      onprocessinginstruction() {
        flush();
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  ending = true;
  parser.end();
  flush();
  return roots;
}

export function textContent(node: XmlNode): string {
  if (typeof node === 'string') return node;
  let text = '';
  for (const child of node.children) text += textContent(child);
  return text;
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string');
}

export function attr(element: XmlElement, name: string): string | undefined {
  return element.attrs.get(name);
}

/** Breadth-first search for the first element satisfying the test, so a feed wrapped in junk markup is still found. */
export function findElement(roots: XmlElement[], test: (element: XmlElement) => boolean): XmlElement | undefined {
  const queue = [...roots];
  for (let i = 0; i < queue.length; i += 1) {
    const element = queue[i] as XmlElement;
    if (test(element)) return element;
    for (const child of element.children) if (typeof child !== 'string') queue.push(child);
  }
  return undefined;
}
