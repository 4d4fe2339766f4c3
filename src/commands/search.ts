import { headingText } from '../articles/headings.js';
import type { Article } from '../articles/model.js';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';
import { toJson } from '../render/json.js';
import { columns, sanitizeLine, truncate, wrapWithMargin } from '../render/text.js';
import type { Part } from '../search/index.js';
import { resolveStyles, resolveWidth, widthOption } from './shared.js';
import { InvalidValue, type CommandSpec } from './spec.js';

interface SearchOptions {
  json?: boolean;
  limit?: number;
  width?: number;
  color?: boolean;
}

export const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100_000;
/** How matches are marked where there is no colour: `[[word]]`. */
export const MARK_OPEN = '[[';
export const MARK_CLOSE = ']]';

const HELP = `
Every word must be in the article. Case, accents and curly quotes do not matter
("ushakóv" finds "Ushakov"), and a word of three letters or more also finds the
words it begins ("kreml" finds "Kremlin"). Matches in the title count most, then
headings, then the text. Each result shows the part of the article it was found
in and a snippet; in a pipe or without colour, matches are marked [[like this]].
Exit status: 0 when an article matches, 1 when none does (like grep; --json
then prints []).

Examples:
  $ news search ushakov
  $ news search "peace deal" --limit 3
  $ news search kremlin --json | jq -r '.[].slug'
  $ news read witkoff-leak --section 3    # the section a result names`;

export const SEARCH: CommandSpec = {
  name: 'search',
  description: 'find articles by words in them',
  arguments: [{ name: '<words...>', description: 'the words to look for' }],
  options: [
    { flags: '-n, --limit <n>', description: `show at most this many articles (default: ${DEFAULT_LIMIT})`, parse: parseLimit },
    widthOption(),
    { flags: '--json', description: 'print the results as JSON: [{slug, title, section: {number, heading}, part, snippet, score}]' },
  ],
  help: HELP,
  run: (ctx, words, options) => runSearch(ctx, words, options as SearchOptions),
};

export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidValue(`Give a whole number of articles from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

interface Shown {
  slug: string;
  article: Article;
  /** The plain text of the part where the match is, for the snippet. */
  text: string;
  /** The heading of the section where the match is, as its text; null outside a section. */
  heading: string | null;
  part: Part;
  section: number;
  score: number;
}

export async function runSearch(ctx: Context, words: string[], options: SearchOptions): Promise<void> {
  // The search code is loaded only by this command.
  const { parseQuery } = await import('../search/text.js');
  const query = parseQuery(words);
  if (query.length === 0) {
    throw usageError('nothing to search for: give one or more words', "Like 'news search kremlin'");
  }
  const { searchLibrary } = await import('../search/engine.js');
  const limit = options.limit ?? DEFAULT_LIMIT;
  const { found, total, idf, problems, warnings } = await searchLibrary(ctx.library, ctx.cacheDir, query, limit, (message) => ctx.io.err(`${message}\n`));
  for (const warning of [...warnings, ...problems.sort()]) ctx.io.err(`news: warning: ${warning}\n`);

  const { analyzeForQuery, articleFields, fieldInParts, textOfPart } = await import('../search/index.js');
  const { locate } = await import('../search/query.js');
  const shown: Shown[] = [];
  for (const hit of found) {
    if (shown.length >= limit) break;
    try {
      const article = ctx.library.load(hit.entry);
      // Only the parts the index says hold a word are read: in a long article, a rare word's
      // one or two sections, not all thirty. The place is the one a full reading finds while
      // the index is the article's, as list and search make sure it is for the reader's own
      // files (size and mtime); for a file changed behind that, it may be an older place.
      let fields = articleFields(article, (field) => fieldInParts(field, hit.parts));
      let place = locate(analyzeForQuery(fields, query), query, idf);
      if (place.part === 'title' && (hit.parts & ~1) !== 0) {
        // Not where the index said: the file changed after all. Every part is read.
        fields = articleFields(article);
        place = locate(analyzeForQuery(fields, query), query, idf);
      }
      // The one heading a result shows, as its text (marked is loaded only for a heading that needs it).
      const heading = place.part === 'section' ? await headingText(article.sections[place.section]?.heading ?? '') : null;
      shown.push({ slug: hit.entry.slug, article, text: textOfPart(article, fields, place.part, place.section), heading, ...place, score: hit.score });
    } catch (error) {
      // Changed or removed since the index was checked, a moment ago.
      if (!(error instanceof NewsError)) throw error;
      ctx.io.err(`news: warning: ${error.message}\n`);
    }
  }
  if (shown.length === 0) {
    // Still JSON for a program reading it (`| jq` of nothing is an error); the status says none.
    if (options.json) ctx.io.out(toJson([]));
    throw new NewsError('not-found', `no article mentions ${describeQuery(words)}`, "Try fewer words, or the start of a word; 'news list' shows every article");
  }

  const width = resolveWidth(ctx, options.width);
  const snippetColumns = 2 * (width - 4);
  const { makeSnippet, renderSnippet, highlight, snippetSource } = await import('../search/snippet.js');
  if (options.json) {
    ctx.io.out(
      toJson(
        shown.map(({ slug, article, text, heading, part, section, score }) => ({
          slug,
          title: article.title,
          section: { number: part === 'section' ? section + 1 : 0, heading },
          part,
          snippet: makeSnippet(text, query, snippetColumns).text,
          score: Math.round(score * 1000) / 1000,
        })),
      ),
    );
    return;
  }

  const styles = await resolveStyles(ctx, options.color);
  const c = styles;
  const mark = styles.level > 0 ? c.highlight : (word: string) => `${MARK_OPEN}${word}${MARK_CLOSE}`;
  const blocks: string[] = [];
  for (const { slug, article, text: placeText, heading, part, section } of shown) {
    const lines: string[] = [];
    const title = sanitizeLine(article.title);
    const titleWidth = width - columns(slug) - 2;
    // Matches in the title and heading are styled on a colour terminal only: markers would not fit the line.
    const styleTitle = (text: string): string => (styles.level > 0 ? highlight(text, query, mark) : text);
    if (titleWidth >= 10) {
      lines.push(`${c.bold(slug)}  ${styleTitle(truncate(title, titleWidth))}`);
    } else {
      lines.push(c.bold(truncate(slug, width)), `  ${styleTitle(truncate(title, width - 2))}`);
    }
    lines.push(`  ${c.dim(styleTitle(truncate(placeLabel(part, section, heading), width - 2)))}`);
    // Two lines of snippet: shorter when markers or a long word would make three.
    // Split into words once, for every length tried.
    const text = snippetSource(placeText, query);
    let wrapped: string[] = [];
    for (let budget = snippetColumns; budget >= snippetColumns / 2; budget -= Math.ceil(width / 8)) {
      const snippet = makeSnippet(text, query, budget);
      wrapped = snippet.text === '' ? [] : wrapWithMargin('  ', '  ', renderSnippet(snippet, mark), width);
      if (wrapped.length <= 2) break;
    }
    lines.push(...wrapped);
    blocks.push(lines.join('\n'));
  }
  let out = `${blocks.join('\n\n')}\n`;
  const more = Math.max(0, total - shown.length);
  if (more > 0 && ctx.io.stdoutIsTTY) {
    out += `\n${c.dim(truncate(`${more} more ${more === 1 ? 'article matches' : 'articles match'}; --limit ${total} shows them all`, width))}\n`;
  }
  ctx.io.out(out);
}

function placeLabel(part: Part, section: number, heading: string | null): string {
  if (part === 'section') return `§ ${section + 1} ${sanitizeLine(heading ?? '')}`;
  if (part === 'lede') return 'in the lede';
  if (part === 'dek') return 'in the standfirst';
  return 'in the title';
}

function describeQuery(words: readonly string[]): string {
  const text = sanitizeLine(words.join(' ')).replace(/\s+/g, ' ').trim();
  return `"${truncate(text, 60)}"`;
}
