import { withHeadingText } from '../articles/headings.js';
import { readingMinutes } from '../articles/model.js';
import type { Ordered } from '../articles/library.js';
import type { Context } from '../context.js';
import { NewsError, usageError } from '../errors.js';
import { colorLevelFor, isDumbTerminal, type TerminalSession } from '../io.js';
import { PALETTE, describeReaction } from '../reactions/palette.js';
import { layoutArticle, type Footer } from '../render/article.js';
import { markdownRendererFor } from '../render/renderer-for.js';
import { stylesFor, type Styles } from '../render/styles.js';
import { stripStyling } from '../render/text.js';
import { decodeKeys, incompleteTail } from './keys.js';
import { initialState, listItem, update, type Doc, type Effect, type Event, type Items, type ListItem, type State } from './model.js';
import type { UnreadLookup } from '../unread.js';
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
  // Checked before the terminal is opened: a dumb one cannot move the cursor or clear the
  // screen, and would show the frames as lines of escape codes. The same advice as for no
  // terminal at all, and the same exit code: browsing is not something this place can do.
  if (isDumbTerminal(ctx.io.env)) {
    throw usageError('news browse cannot draw on a dumb terminal (TERM=dumb)', "Use 'news list' to see the articles and 'news read <article>' to read one");
  }
  const terminal = ctx.io.openTerminal();
  if (!terminal) throw usageError('news browse needs a terminal', "To list the articles in a script, use 'news list'");
  // Warnings from the stores would be written over the screen: while browsing they go to the
  // status line, and all are said again once the terminal is back.
  const later: string[] = [];
  let session: Session | undefined;
  const stopRedirecting = ctx.redirectWarnings((message) => {
    later.push(message);
    session?.show(message.replace(/^news: (?:warning: )?/, '').trim());
  });
  let ordered: Ordered | undefined;
  let unread: UnreadLookup | undefined;
  try {
    // Newest first from the cached list of fetched articles, each row made when it is first
    // shown, and the unread marks looked up as they are shown: at fifty thousand, making them
    // all took a quarter second before the first frame.
    ordered = ctx.library.newestFirst();
    unread = ctx.unread.lookupForDisplay();
    // The terminal's own colour, whether or not standard output is it.
    const level = options.color === false ? 0 : ctx.io.stdoutIsTTY ? ctx.io.colorLevel : colorLevelFor(ctx.io.env, true);
    const styles = await stylesFor(level);
    const positions = new Map<string, number>();
    for (const [slug, { block }] of Object.entries(ctx.state.positions())) positions.set(slug, block);
    const state = initialState({
      ...terminal.size(),
      items: lazyItems(ordered),
      reactions: reactionsBySlug(ctx),
      unread,
      positions,
    });
    session = new Session(ctx, terminal, styles, state);
    const code = await session.run();
    for (const warning of ordered.warnings) ctx.io.err(`news: warning: ${warning}\n`);
    for (const message of later) ctx.io.err(message.endsWith('\n') ? message : `${message}\n`);
    return code;
  } finally {
    unread?.close();
    ordered?.close();
    stopRedirecting();
  }
}

/** The list's items, made in order as far as the furthest one asked for. */
function lazyItems(ordered: Ordered): Items {
  const made: ListItem[] = [];
  const rows = ordered.rows[Symbol.iterator]();
  const length = ordered.count();
  return {
    length,
    at(index) {
      while (made.length <= index && made.length < length) {
        const next = rows.next();
        if (next.done) break;
        const { entry, summary } = next.value;
        made.push(listItem(entry.slug, summary, readingMinutes(summary.words)));
      }
      return made[index];
    },
  };
}

function reactionsBySlug(ctx: Context): Map<string, string> {
  const reactions = new Map<string, string>();
  for (const [slug, reaction] of Object.entries(ctx.reactions.readForDisplay())) reactions.set(slug, reaction.emoji);
  return reactions;
}

/** How long the start of an escape sequence waits for its rest: longer than a split over ssh. */
const SEQUENCE_WAIT_MS = 30;
/** Items made at a time after the first frame: a few milliseconds, so that keys are not kept waiting. */
const WARM_SLICE = 1000;
/** How long quitting waits for a save still under way (a lock held elsewhere), at most. */
const SAVE_WAIT_MS = 3000;

class Session {
  private readonly screen: ScreenWriter;
  /** Saves, in order, one at a time; nothing on screen waits for them. */
  private saves: Promise<void> = Promise.resolve();
  private finish: ((code: number) => void) | undefined;
  private fail: ((error: unknown) => void) | undefined;
  private done = false;
  private held = '';
  private heldTimer: NodeJS.Timeout | undefined;
  private warming: NodeJS.Immediate | undefined;

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
          input: (text) => this.guard(() => this.input(text)),
          resize: () => this.guard(() => this.redraw()),
          // Ended from outside: the position is kept, as on q, and the exit code says which signal.
          signal: (name) => this.guard(() => this.dispatch({ type: 'quit', code: name === 'SIGHUP' ? 129 : name === 'SIGINT' ? 130 : 143 })),
          error: (error) => this.end(error),
        },
        LEAVE_FULL_SCREEN,
      );
      this.terminal.write(ENTER_FULL_SCREEN);
      this.draw();
      this.warmItems();
    }).finally(() => {
      clearTimeout(this.heldTimer);
      clearImmediate(this.warming);
      this.terminal.stop();
    });
  }

  /**
   * Makes the list's items a slice at a time after the first frame, between keys, so that the
   * first filter typed finds them made rather than waits for fifty thousand of them.
   */
  private warmItems(): void {
    const items = this.state.items;
    let made = 0;
    const slice = (): void => {
      if (this.done || made >= items.length) return;
      made = Math.min(made + WARM_SLICE, items.length);
      this.guard(() => items.at(made - 1));
      this.warming = setImmediate(slice);
    };
    this.warming = setImmediate(slice);
  }

  /** A line for the status bar, from outside the state machine (a store's warning). */
  show(text: string): void {
    this.guard(() => this.dispatch({ type: 'message', text }));
  }

  private input(text: string): void {
    clearTimeout(this.heldTimer);
    const all = this.held + text;
    const tail = incompleteTail(all);
    this.held = all.slice(all.length - tail);
    for (const key of decodeKeys(all.slice(0, all.length - tail))) this.dispatch({ type: 'key', key });
    if (tail > 0) {
      // Nothing more came: a lone escape is the Escape key.
      this.heldTimer = setTimeout(() => {
        const rest = this.held;
        this.held = '';
        this.guard(() => decodeKeys(rest).forEach((key) => this.dispatch({ type: 'key', key })));
      }, SEQUENCE_WAIT_MS);
    }
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
    this.draw();
    for (const effect of step.effects) {
      this.carryOut(effect).catch((error: unknown) => this.end(error));
    }
  }

  /** The whole screen drawn again, at the terminal's size now (it may have changed meanwhile). */
  private redraw(): void {
    this.screen.invalidate();
    this.dispatch({ type: 'resize', ...this.terminal.size() });
  }

  private draw(): void {
    if (!this.done) this.screen.draw(frame(this.state, this.styles));
  }

  /** A save, after those before it; a failure the stores do not expect ends the session. */
  private save(work: () => Promise<void>): void {
    this.saves = this.saves.then(work).catch((error: unknown) => this.end(error));
  }

  private async carryOut(effect: Effect): Promise<void> {
    const ctx = this.ctx;
    switch (effect.kind) {
      case 'open': {
        const doc = await this.layout(effect.slug);
        if (!doc) return;
        this.dispatch({ type: 'opened', doc });
        this.save(() => ctx.state.rememberLastRead(effect.slug));
        return;
      }
      case 'relayout': {
        const doc = await this.layout(effect.slug);
        if (doc) this.dispatch({ type: 'relaid', doc });
        return;
      }
      case 'react':
        this.saveReaction(() => ctx.reactions.set(effect.slug, effect.emoji, ctx.now()).then(() => `Your reaction: ${describeReaction(effect.emoji)}`));
        return;
      case 'unreact':
        this.saveReaction(() => ctx.reactions.remove(effect.slug).then(() => 'Your reaction is taken back'));
        return;
      case 'position':
        this.save(() => ctx.state.rememberPosition(effect.slug, effect.block, ctx.now()));
        return;
      case 'read':
        this.save(() => ctx.unread.markRead(effect.slug));
        return;
      case 'quit': {
        // What was read is saved first, unless a lock held elsewhere keeps it waiting too long.
        let waited: NodeJS.Timeout | undefined;
        await Promise.race([this.saves, new Promise((resolve) => (waited = setTimeout(resolve, SAVE_WAIT_MS)))]);
        clearTimeout(waited);
        this.end(undefined, effect.code);
        return;
      }
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

  /**
   * A reaction saved through the same store as `news react`. When it cannot be, the screen
   * shows again what the file holds, and says why.
   */
  private saveReaction(save: () => Promise<string>): void {
    this.save(async () => {
      try {
        this.dispatch({ type: 'message', text: await save() });
      } catch (error) {
        if (!(error instanceof NewsError)) throw error;
        this.dispatch({ type: 'reactions', reactions: reactionsBySlug(this.ctx), message: `Not saved: ${error.message}` });
        const slug = this.state.reader?.doc.slug;
        if (slug !== undefined) await this.carryOut({ kind: 'relayout', slug });
      }
    });
  }

  /** An article set at the screen's width, at most the reading measure. */
  private async layout(slug: string): Promise<Doc | undefined> {
    const ctx = this.ctx;
    let article;
    try {
      const entry = ctx.library.findExact(slug);
      if (!entry) throw new NewsError('not-found', `"${slug}" is no longer in the library`);
      article = await withHeadingText(ctx.library.load(entry));
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      this.dispatch({ type: 'not-opened', text: error.message });
      return undefined;
    }
    const width = Math.max(MIN_WIDTH, Math.min(this.state.columns, MEASURE));
    const markdown = await markdownRendererFor(article, this.styles);
    const { lines, headingLines } = layoutArticle(article, { width, styles: this.styles, markdown, footer: footerFor(article.prompt, this.state.reactions.get(slug)) });
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
