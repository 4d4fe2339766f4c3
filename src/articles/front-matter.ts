import { requirePackage } from '../packages.js';

/**
 * Front matter is YAML, but nearly every article uses a small part of it: `key: value` lines
 * with plain or quoted text, and lists of tags. This reads exactly that part, the way YAML
 * does, and hands anything else to the full `yaml` library, which is large and slow to load
 * and so is loaded only then.
 */
export type FrontMatter = Record<string, unknown>;

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$/;
const LIST_ITEM = /^[ \t]+-[ \t]+(.*?)[ \t]*$|^-[ \t]+(.*?)[ \t]*$/;
// Plain scalars that YAML reads as something other than text, or that need its full rules:
// those that start with an indicator, short words like true, null, ~ and .inf, and numbers.
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';
const SHORT_NOT_TEXT = /^(?:true|false|yes|no|on|off|null|~|y|n|[-+]?\.(?:inf|nan)|[<=])$/i;
const NUMBER = /^(?:[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

/** Returns the front matter, or undefined when it needs the full YAML parser. */
export function parseSimpleFrontMatter(text: string): FrontMatter | undefined {
  const result: FrontMatter = {};
  let listKey: string | undefined;
  let listIndent: string | undefined;
  const emptyKeys = new Set<string>(); // "key:" with nothing after: null, unless list items follow
  for (const line of splitLines(text)) {
    const content = line.trimStart();
    if (content === '') continue;
    // A comment, unless a lone CR or a Unicode line break inside starts a new line for YAML.
    if (content.startsWith('#') && !/[\r\u2028\u2029]/.test(content)) continue;
    const item = listKey === undefined ? null : LIST_ITEM.exec(line);
    if (item && listKey !== undefined) {
      // Items of one list share their indentation; YAML refuses a list that shifts.
      const indent = line.slice(0, line.length - content.length);
      if ((listIndent ??= indent) !== indent) return undefined;
      const raw = item[1] ?? item[2] ?? '';
      const value = raw === '' ? null : scalar(raw); // "- " alone is an empty item: null, to YAML
      if (value === undefined) return undefined;
      (result[listKey] as unknown[]).push(value);
      emptyKeys.delete(listKey);
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match?.[1]) return undefined;
    const key = match[1];
    if (key in result) return undefined; // YAML refuses duplicate keys: let it say so
    const raw = match[2];
    listKey = undefined;
    listIndent = undefined;
    if (raw === undefined || raw === '') {
      // Either an empty value or the start of a block list; the next lines decide.
      result[key] = [];
      listKey = key;
      emptyKeys.add(key);
      continue;
    }
    const value = raw.startsWith('[') ? flowList(raw) : scalar(raw);
    if (value === undefined) return undefined;
    result[key] = value;
  }
  for (const key of emptyKeys) result[key] = null;
  // Nothing but blanks and comments: YAML reads null, and says so in its own words.
  return Object.keys(result).length > 0 ? result : undefined;
}

function scalar(raw: string): string | undefined {
  if (raw.startsWith('"')) return doubleQuoted(raw);
  if (raw.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'$/.exec(raw);
    return match ? (match[1] ?? '').replace(/''/g, "'") : undefined;
  }
  if (isNotText(raw) || /:[ \t]|[ \t]#/.test(raw) || raw.endsWith(':')) return undefined;
  return raw;
}

/**
 * Whether YAML reads a plain value as something other than text. A RegExp costs ~0.1 ms the
 * first time it runs, and a cold start pays that for each; most values are ordinary text, told
 * apart by their first character and length without running one.
 */
function isNotText(raw: string): boolean {
  const first = raw.charAt(0);
  if (INDICATORS.includes(first)) return true;
  if (raw.length <= 5 && SHORT_NOT_TEXT.test(raw)) return true;
  return '+.0123456789'.includes(first) && NUMBER.test(raw);
}

/** Lines, split at \n or \r\n, as /\r?\n/ splits them. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length - 1; index++) {
    const line = lines[index] ?? '';
    if (line.endsWith('\r')) lines[index] = line.slice(0, -1);
  }
  return lines;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t' };
function doubleQuoted(raw: string): string | undefined {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
  if (!match) return undefined;
  let unsupported = false;
  const value = (match[1] ?? '').replace(/\\(.)/g, (_, character: string) => {
    const replacement = ESCAPES[character];
    if (replacement === undefined) unsupported = true;
    return replacement ?? '';
  });
  return unsupported ? undefined : value;
}

function flowList(raw: string): string[] | undefined {
  const match = /^\[(.*)\]$/.exec(raw);
  if (!match) return undefined;
  const inner = (match[1] ?? '').trim();
  if (inner === '') return [];
  const values: string[] = [];
  for (const part of inner.split(',')) {
    const text = part.trim();
    if (text === '' || /[[\]{}]/.test(text)) return undefined;
    const value = scalar(text);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

interface Yaml {
  parse(text: string, options: { prettyErrors: boolean; logLevel: 'error' }): unknown;
  stringify(value: unknown, options: { lineWidth: number }): string;
}
let yaml: Yaml | undefined;

/** The yaml library, loaded on first need (from node_modules, outside the bundle: it is large). */
export function loadYaml(): Yaml {
  yaml ??= requirePackage<Yaml>('yaml');
  return yaml;
}

/** The full YAML parser, for front matter beyond the simple part. */
export function parseFullYaml(text: string): unknown {
  // Errors are thrown and reported as ours; warnings would go to stderr as Node process
  // warnings, "(node:1234) [TAG_RESOLVE_FAILED] YAMLWarning…", which a reader cannot act on.
  return loadYaml().parse(text, { prettyErrors: false, logLevel: 'error' });
}
