import { readingMinutes } from '../articles/model.js';
import { newestFirst } from '../articles/order.js';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';
import { colorLevelFor, type TerminalSession } from '../io.js';
import { PALETTE, describeReaction } from '../reactions/palette.js';
import { layoutArticle, needsMarked, type Footer } from '../render/article.js';
import type { MarkdownRenderer } from '../render/blocks.js';
import { stylesFor, type Styles } from '../render/styles.js';
import { stripStyling } from '../render/text.js';
import { decodeKeys } from './keys.js';
import { initialState, listItem, update, type Doc, type Effect, type Event, type State } from './model.js';
import { ENTER_FULL_SCREEN, LEAVE_FULL_SCREEN, ScreenWriter } from './screen.js';
import { frame } from './view.js';

/** The reading measure, as `news read` sets prose. */
const MEASURE = 80;
const MIN_WIDTH = 20;

/**
 * The full-screen reader: the library as a list, an article as `news read` sets it, keys to
 * move between them. The one entry its command calls. Resolves with the exit code once the
 * reader quits, with the terminal given back as it was, also when something fails.
 */
export async function browse(ctx: Context, options: { color?: boolean | undefined } = {}): Promise<number> {
  const terminal = ctx.io.openTerminal();
  if (!terminal) throw usageError('news browse needs a terminal', "To list the articles in a script, use 'news list'");
  const { results, warnings } = await ctx.library.summaries();
  const rows = newestFirst(results.flatMap((result) => ('summary' in result ? [{ entry: result.entry, article: result.summary }] : [])));
  const reactions: Record<string, string> = {};
  for (const [slug, reaction] of Object.entries(ctx.reactions.readForDisplay())) reactions[slug] = reaction.emoji;
  // The terminal's own colour, whether or not standard output is it.
  const level = options.color === false ? 0 : ctx.io.stdoutIsTTY ? ctx.io.colorLevel : colorLevelFor(ctx.io.env, true);
  const styles = await stylesFor(level);
  const size = terminal.size();
  const state = initialState({
    ...size,
    items: rows.map(({ entry, article }) => listItem(entry.slug, article, readingMinutes(article.words))),
    reactions,
    unread: ctx.unread.readForDisplay(),
    positions: { ...ctx.state.read().positions },
  });
  const session = new Session(ctx, terminal, styles, state);
  const code = await session.run();
  // Said once the screen is back, where the reader can see them.
  for (const warning of [...warnings, ...results.flatMap((result) => ('problem' in result ? [result.problem] : []))]) ctx.io.err(`news: warning: ${warning}\n`);
  return code;
}

class Session {
  private readonly screen: ScreenWriter;
  private readonly effects: Effect[] = [];
  private working = false;
  private finish: ((code: number) => void) | undefined;
  private fail: ((error: unknown) => void) | undefined;
  private done = false;
  private markdown: MarkdownRenderer | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly terminal: TerminalSession,
    private readonly styles: Styles,
    private state: State,
  ) {
    this.screen = new ScreenWriter((text) => terminal.write(text));
  }

  run(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      this.terminal.start(
        {
          input: (text) => this.guard(() => decodeKeys(text).forEach((key) => this.dispatch({ type: 'key', key }))),
          resize: () =>
            this.guard(() => {
              this.screen.invalidate();
              this.dispatch({ type: 'resize', ...this.terminal.size() });
            }),
          // Ended from outside: the position is kept, as on q, and the exit code says which signal.
          signal: (name) => this.guard(() => this.quit(name === 'SIGHUP' ? 129 : name === 'SIGINT' ? 130 : 143)),
          error: (error) => this.end(error),
        },
        LEAVE_FULL_SCREEN,
      );
      this.terminal.write(ENTER_FULL_SCREEN);
      this.draw();
    }).finally(() => this.terminal.stop());
  }

  /** An error anywhere ends the session, so that the terminal is restored before it is reported. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.end(error);
    }
  }

  private end(error: unknown, code = 1): void {
    if (this.done) return;
    this.done = true;
    if (error === undefined) this.finish?.(code);
    else this.fail?.(error);
  }

  private dispatch(event: Event): void {
    if (this.done) return;
    const step = update(this.state, event);
    this.state = step.state;
    this.effects.push(...step.effects);
    this.draw();
    void this.work();
  }

  /** The whole screen drawn again, at the terminal's size now (it may have changed meanwhile). */
  private redraw(): void {
    this.screen.invalidate();
    this.dispatch({ type: 'resize', ...this.terminal.size() });
  }

  private draw(): void {
    if (!this.done) this.screen.draw(frame(this.state, this.styles));
  }

  private quit(code: number): void {
    this.dispatch({ type: 'quit', code });
  }

  /** Effects, one at a time in order: each may wait on the disk. */
  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      for (let effect = this.effects.shift(); effect !== undefined; effect = this.effects.shift()) {
        await this.carryOut(effect);
        if (this.done) return;
      }
    } catch (error) {
      this.end(error);
    } finally {
      this.working = false;
    }
  }

  private async carryOut(effect: Effect): Promise<void> {
    const ctx = this.ctx;
    switch (effect.kind) {
      case 'open': {
        const doc = await this.layout(effect.slug);
        if (doc) this.dispatch({ type: 'opened', doc });
        await ctx.state.rememberLastRead(effect.slug);
        return;
      }
      case 'relayout': {
        const doc = await this.layout(effect.slug);
        if (doc) this.dispatch({ type: 'relaid', doc });
        return;
      }
      case 'react': {
        await this.saving(async () => {
          await ctx.reactions.set(effect.slug, effect.emoji, ctx.now());
          return `Your reaction: ${describeReaction(effect.emoji)}`;
        });
        return;
      }
      case 'unreact':
        await this.saving(async () => {
          await ctx.reactions.remove(effect.slug);
          return 'Your reaction is taken back';
        });
        return;
      case 'position':
        await ctx.state.rememberPosition(effect.slug, effect.block);
        return;
      case 'read':
        await ctx.unread.markRead(effect.slug);
        return;
      case 'quit':
        this.end(undefined, effect.code);
        return;
      case 'suspend':
        await this.terminal.suspend();
        this.terminal.write(ENTER_FULL_SCREEN);
        this.redraw();
        return;
      case 'redraw':
        this.redraw();
        return;
    }
  }

  /** A change saved through the same stores as the commands; a failure is shown, not fatal. */
  private async saving(save: () => Promise<string>): Promise<void> {
    try {
      this.dispatch({ type: 'message', text: await save() });
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.dispatch({ type: 'message', text: `Not saved: ${error.message}` });
    }
  }

  /** An article set at the screen's width, at most the reading measure. */
  private async layout(slug: string): Promise<Doc | undefined> {
    const ctx = this.ctx;
    let article;
    try {
      const entry = ctx.library.findExact(slug);
      if (!entry) throw new NewsError('not-found', `"${slug}" is no longer in the library`);
      article = ctx.library.load(entry);
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.dispatch({ type: 'not-opened', text: error.message });
      return undefined;
    }
    const width = Math.max(MIN_WIDTH, Math.min(this.state.columns, MEASURE));
    const markdown = needsMarked(article) ? (this.markdown ??= (await import('../render/markdown.js')).renderMarkdown) : (await import('../render/blocks.js')).renderPlainMarkdown;
    const { lines, headingLines } = layoutArticle(article, { width, styles: this.styles, markdown, footer: footerFor(article.prompt, this.state.reactions[slug]) });
    return {
      slug,
      title: article.title,
      width,
      lines,
      plain: lines.map(stripStyling),
      sections: article.sections.map((section, index) => ({ heading: section.heading, line: headingLines[index] ?? 0 })),
    };
  }
}

/** The footer `news read` shows, with the keys that answer it here. */
function footerFor(prompt: string, emoji: string | undefined): Footer {
  return {
    prompt,
    palette: PALETTE.map(({ emoji: choice, name }, index) => `${index + 1} ${choice} ${name}`),
    current: emoji === undefined ? undefined : describeReaction(emoji),
    hint: emoji === undefined ? ['Press r, then 1\u20137, to react'] : ['Press r to change it', 'x in the row takes it back'],
    commands: [],
  };
}
