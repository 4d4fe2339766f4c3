import { Parser } from 'htmlparser2';
import type { DomNode } from './markdown.js';

/**
 * A feed item's HTML as the few nodes toMarkdown reads, built straight from htmlparser2's
 * events. A feed of 245 items parsed by linkedom spent most of `news fetch` making DOM nodes
 * (event targets, attribute nodes, child lists made again on every read) that the converter
 * never uses, and then collecting them. The tree is the one linkedom builds from the same
 * events (its parseFromString): one text node per text event, comments kept, attribute names
 * as written; and what htmlFragmentToMarkdown removed from linkedom's tree is never added.
 * test/unit/fragment.test.ts holds the two to the same Markdown.
 */

/** Elements that are never content, wherever they stand (and scripts, but for a page's JSON-LD). */
export const NEVER_CONTENT_TAGS = ['style', 'template', 'iframe', 'object', 'embed', 'button', 'input', 'select', 'textarea', 'svg', 'canvas', 'dialog', 'link', 'meta'] as const;
/** What a feed item's HTML loses, with all it holds: those, every script, and noscript and form. */
export const FRAGMENT_DROPPED_TAGS: readonly string[] = [...NEVER_CONTENT_TAGS, 'script', 'noscript', 'form'];
const DROPPED = new Set(FRAGMENT_DROPPED_TAGS);

const TEXT_NODE = 3;
const COMMENT_NODE = 8;
const ELEMENT_NODE = 1;
const NO_CHILDREN: readonly DomNode[] = [];

class TextNode implements DomNode {
  readonly nodeType = TEXT_NODE;
  readonly nodeName = '#text';
  readonly childNodes = NO_CHILDREN;
  constructor(readonly textContent: string) {}
}

class CommentNode implements DomNode {
  readonly nodeType = COMMENT_NODE;
  readonly nodeName = '#comment';
  readonly childNodes = NO_CHILDREN;
  constructor(readonly textContent: string) {}
}

class ElementNode implements DomNode {
  readonly nodeType = ELEMENT_NODE;
  readonly childNodes: DomNode[] = [];
  readonly nodeName: string;

  constructor(
    name: string,
    private readonly attributes: Record<string, string>,
  ) {
    this.nodeName = name.toUpperCase();
  }

  /** The text of every text node inside, as the DOM's textContent (comments are not text). */
  get textContent(): string {
    let text = '';
    const visit = (node: DomNode): void => {
      for (const child of node.childNodes as DomNode[]) {
        if (child.nodeType === TEXT_NODE) text += child.textContent ?? '';
        else if (child.nodeType === ELEMENT_NODE) visit(child);
      }
    };
    visit(this);
    return text;
  }

  /** Names match as written (linkedom's, with htmlparser2 keeping their case); "class" is the class list, deduplicated, '' when there is none. */
  getAttribute(name: string): string | null {
    if (name === 'class') return Object.hasOwn(this.attributes, 'class') ? [...new Set((this.attributes.class as string).split(/\s+/).filter(Boolean))].join(' ') : '';
    return Object.hasOwn(this.attributes, name) ? (this.attributes[name] as string) : null;
  }
}

/** The body of `<!doctype html><html><head></head><body>${html}</body></html>`. */
export function parseFragmentBody(html: string): DomNode {
  const body = new ElementNode('body', {});
  const root = new ElementNode('#root', {});
  // Open elements; a dropped one is on the stack as undefined, and so is all it holds.
  const open: (ElementNode | undefined)[] = [root];
  let bodyOpen = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const parent = open[open.length - 1];
        if (parent === undefined || DROPPED.has(name)) {
          open.push(undefined);
          return;
        }
        const element = name === 'body' && !bodyOpen && parent.nodeName === 'HTML' ? body : new ElementNode(name, attributes);
        if (element === body) bodyOpen = true;
        parent.childNodes.push(element);
        open.push(element);
      },
      ontext(text) {
        open[open.length - 1]?.childNodes.push(new TextNode(text));
      },
      oncomment(data) {
        open[open.length - 1]?.childNodes.push(new CommentNode(data));
      },
      onclosetag() {
        if (open.length > 1) open.pop();
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.write(`<!doctype html><html><head></head><body>${html}</body></html>`);
  parser.end();
  return body;
}
