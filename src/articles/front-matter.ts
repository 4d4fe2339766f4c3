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
// Plain scalars that YAML reads as something other than text, or that need its full rules.
const NOT_SIMPLE_TEXT = /^(?:[-?:,[\]{}#&*!|>'"%@`]|(?:true|false|yes|no|on|off|null|~|y|n)$|[-+]?\.(?:inf|nan)$|[<=]$)/i;
const NUMBER = /^(?:[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

/** Returns the front matter, or undefined when it needs the full YAML parser. */
export function parseSimpleFrontMatter(text: string): FrontMatter | undefined {
  const result: FrontMatter = {};
  let listKey: string | undefined;
  const emptyKeys = new Set<string>(); // "key:" with nothing after: null, unless list items follow
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const item = LIST_ITEM.exec(line);
    if (item && listKey !== undefined) {
      const value = scalar(item[1] ?? item[2] ?? '');
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
  return result;
}

function scalar(raw: string): string | undefined {
  if (raw.startsWith('"')) return doubleQuoted(raw);
  if (raw.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'$/.exec(raw);
    return match ? (match[1] ?? '').replace(/''/g, "'") : undefined;
  }
  if (NOT_SIMPLE_TEXT.test(raw) || NUMBER.test(raw) || /:[ \t]|[ \t]#/.test(raw) || raw.endsWith(':')) return undefined;
  return raw;
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
  parse(text: string, options: { prettyErrors: boolean }): unknown;
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
  return loadYaml().parse(text, { prettyErrors: false });
}
