import { Command } from 'commander';
import type { Context } from '../context.js';
import { NewsError } from '../errors.js';
import type { FeedOutcome, Progress } from '../feeds/index.js';
import { toJson } from '../render/json.js';
import { columns, padEnd, sanitizeLine, truncate, wrapWithMargin } from '../render/text.js';
import { DEFAULT_TIMEOUT_SECONDS, timeoutOption } from './add.js';
import { optionFromSpec } from './from-spec.js';
import { resolveWidth, say, widthOption } from './shared.js';

interface FeedAddOptions {
  name?: string;
  full?: boolean;
  timeout?: number;
}

/** Columns of a title below which feed list leaves titles out rather than show a stub of each. */
const USEFUL_TITLE = 12;

export function feedCommand(ctx: Context): Command {
  const feed = new Command('feed')
    .description('follow feeds (RSS, Atom, JSON Feed): add, list, remove, import and export OPML')
    .addHelpText(
      'after',
      `
Examples:
  $ news feed add https://x.org/feed.xml   # follow a feed, and fetch it now
  $ news feed add https://x.org            # a site that names its feed
  $ news feed list
  $ news fetch                             # fetch every feed again
  $ news feed import subs.opml             # from another reader
  $ news feed export > subs.opml           # for a backup`,
    );
  feed
    .command('add')
    .description('follow a feed, or the feed a web page names, and fetch it at once')
    .argument('<address>', 'the feed\'s address, or a page that links to it')
    .option('--name <name>', 'what to call it (default: made from its title)')
    .option('--full', 'fetch each new item\'s page and keep the whole article, for feeds that publish summaries only')
    .addOption(timeoutOption())
    .action(async (address: string, options: FeedAddOptions) => {
      const { addFeed } = await import('../feeds/index.js');
      const { feed: added, outcome } = await addFeed(ctx, address, { name: options.name, full: options.full, timeoutMs: timeoutMs(options.timeout) });
      const list = `news list --feed ${added.name}`;
      say(ctx, `Following “${sanitizeLine(added.title ?? added.url)}” as ${added.name}: ${count(outcome.added, 'new article')}. See them with: ${list}`, [list]);
    });
  feed
    .command('list')
    .alias('ls')
    .description('the feeds you follow: name, title, articles, when last fetched, and the last error')
    .option('--json', 'print them as JSON')
    .addOption(optionFromSpec(widthOption('list')))
    .action(async (options: { json?: boolean; width?: number }) => {
      const { listFeeds, feedIdentity } = await import('../feeds/index.js');
      const feeds = listFeeds(ctx);
      if (options.json) {
        ctx.io.out(
          toJson(
            feeds.map((feed) => ({
              ...feedIdentity(feed),
              lastFetched: feed.lastFetched ?? null,
              lastError: feed.lastError ?? null,
              articles: Object.keys(feed.items).length,
            })),
          ),
        );
        return;
      }
      if (feeds.length === 0) {
        ctx.io.err('news: you follow no feeds yet. Add one with: news feed add <address>\n');
        return;
      }
      const lineWidth = resolveWidth(ctx, options.width, 'list');
      const rows = feeds.map((feed) => {
        const fetched = feed.lastFetched === undefined ? 'never fetched' : `fetched ${feed.lastFetched.slice(0, 16).replace('T', ' ')}`;
        return { feed, title: sanitizeLine(feed.title ?? feed.url), notes: `${count(Object.keys(feed.items).length, 'article')} · ${fetched}` };
      });
      // Columns, as news list sets them: names, titles cut to the room the widest notes leave, notes.
      const nameWidth = Math.max(...rows.map((row) => columns(row.feed.name)));
      const notesWidth = Math.max(...rows.map((row) => columns(row.notes)));
      const widestTitle = Math.max(...rows.map((row) => columns(row.title)));
      const titleWidth = Math.min(widestTitle, lineWidth - nameWidth - notesWidth - 4);
      const lines = rows.flatMap(({ feed, title, notes }) => {
        const line = titleWidth > 0 && titleWidth >= Math.min(USEFUL_TITLE, widestTitle) ? `${padEnd(feed.name, nameWidth)}  ${padEnd(truncate(title, titleWidth), titleWidth)}  ${notes}` : truncate(`${padEnd(feed.name, nameWidth)}  ${notes}`, lineWidth);
        // Said whole, however long: it is what the reader needs to mend the feed.
        const error = feed.lastError === undefined ? [] : wrapWithMargin('  ', '    ', `last error: ${sanitizeLine(feed.lastError)}`, lineWidth);
        return [line.trimEnd(), ...error];
      });
      ctx.io.out(`${lines.join('\n')}\n`);
    });
  feed
    .command('remove')
    .alias('rm')
    .description('stop following a feed; its articles stay unless --purge')
    .argument('<name>', 'the feed, as news feed list names it')
    .option('--purge', 'also delete the articles it brought in')
    .action(async (name: string, options: { purge?: boolean }) => {
      const { removeFeed } = await import('../feeds/index.js');
      const { feed: removed, removed: articles } = await removeFeed(ctx, name, options.purge === true);
      const kept = Object.keys(removed.items).length;
      say(ctx, options.purge ? `No longer following ${removed.name}; ${count(articles, 'article')} deleted.` : `No longer following ${removed.name}; its ${count(kept, 'article')} stay (news feed remove ${removed.name} --purge would have deleted them).`);
    });
  feed
    .command('import')
    .description('follow every feed an OPML file lists (folders kept); news fetch then fetches them')
    .argument('<file>', 'the OPML file, or - for standard input')
    .action(async (file: string) => {
      const { readInput } = await import('../articles/user-articles.js');
      const { importOpml, decodeOpml } = await import('../feeds/index.js');
      const input = await readInput(file, ctx.io);
      const { added, followed, notOnWeb } = await importOpml(ctx, decodeOpml(input.bytes), input.name);
      if (notOnWeb.length > 0) {
        const named = notOnWeb.slice(0, 3).map((address) => truncate(address, 60)).join(', ');
        const more = notOnWeb.length > 3 ? ` and ${notOnWeb.length - 3} more` : '';
        ctx.io.err(`news: warning: left out ${count(notOnWeb.length, 'feed')} whose address is not http or https: ${named}${more}\n`);
      }
      say(ctx, importReport(input.name, added.length, followed, notOnWeb.length), ['news fetch']);
    });
  feed
    .command('export')
    .description('print the feeds you follow as OPML 2.0, for another reader or a backup')
    .action(async () => {
      const { exportOpml } = await import('../feeds/index.js');
      ctx.io.out(exportOpml(ctx));
    });
  return feed;
}

export function fetchCommand(ctx: Context): Command {
  return new Command('fetch')
    .description('fetch the feeds you follow (all, or the ones named) and store their new articles')
    .argument('[names...]', 'feeds to fetch, as news feed list names them')
    .addOption(timeoutOption())
    .addHelpText('after', '\nExamples:\n  $ news fetch\n  $ news fetch ars-technica lwn')
    .action(async (names: string[], options: { timeout?: number }) => {
      const { fetchFeeds } = await import('../feeds/index.js');
      const showProgress = ({ done, total, added }: Progress): void => ctx.io.status(`Fetching feeds: ${done} of ${total} done, ${count(added, 'new article')}`);
      let outcomes: FeedOutcome[];
      try {
        outcomes = await fetchFeeds(ctx, names, { timeoutMs: timeoutMs(options.timeout), onProgress: showProgress });
      } finally {
        ctx.io.status('');
      }
      const failed = outcomes.filter((outcome) => outcome.error !== undefined);
      const added = outcomes.reduce((sum, outcome) => sum + outcome.added, 0);
      const updated = outcomes.reduce((sum, outcome) => sum + outcome.updated, 0);
      const { fetched, failure } = fetchReport(outcomes.length, failed.length, added, updated);
      if (fetched !== undefined) ctx.io.err(`news: ${fetched}\n`);
      for (const outcome of failed) ctx.io.err(`news: ${outcome.name}: ${outcome.error ?? ''}\n`);
      if (failure !== undefined) throw failure;
    });
}

/**
 * What `news feed import` says it did. Only new feeds are worth fetching: a file that adds
 * none (it lists none, none news can fetch, or only feeds followed already) says so, and the
 * command still succeeds, as the file was read.
 */
export function importReport(name: string, added: number, followed: number, leftOut: number): string {
  const file = sanitizeLine(name);
  if (added > 0) return `Now following ${count(added, 'more feed')}${followed > 0 ? ` (${count(followed, 'feed')} you follow already)` : ''}. Fetch them with: news fetch`;
  if (followed > 0) return `You already follow ${followed === 1 ? 'the feed' : `the ${followed} feeds`} in ${file}${leftOut > 0 ? ' that news can fetch' : ''}; nothing was imported.`;
  if (leftOut > 0) return `There are no feeds news can fetch in ${file}; nothing was imported.`;
  return `There are no feeds in ${file}; nothing was imported.`;
}

/**
 * What `news fetch` says of `total` feeds, `failed` of them not fetched: the line on what was
 * fetched (none when nothing was), and the error it ends with when any failed. The words fit
 * the numbers: one feed, all of them, or some and the others.
 */
export function fetchReport(total: number, failed: number, added: number, updated: number): { fetched: string | undefined; failure: NewsError | undefined } {
  const done = total - failed;
  const changes = [count(added, 'new article'), ...(updated > 0 ? [`${updated} updated`] : [])].join(', ');
  const fetched = done === 0 ? undefined : `fetched ${failed === 0 ? count(done, 'feed') : `${done} of ${count(total, 'feed')}`}: ${changes}${added > 0 ? '. See them with: news list --unread' : ''}`;
  if (failed === 0) return { fetched, failure: undefined };
  const what = failed === total ? (total === 1 ? 'the feed could not be fetched' : `none of the ${total} feeds could be fetched`) : `${failed} of ${count(total, 'feed')} could not be fetched (the other ${done === 1 ? 'one was' : `${done} were`})`;
  const hint = failed === 1 ? "See 'news feed list' for its last error" : "See 'news feed list' for each one's last error";
  return { fetched, failure: new NewsError('network', what, hint) };
}

function timeoutMs(seconds: number | undefined): number {
  return (seconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
