import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../src/articles/library.js';
import { parseArticle } from '../../src/articles/parse.js';
import { isSlug } from '../../src/articles/slug.js';
import {
  MAX_IMPORT_BYTES,
  addArticle,
  planSlug,
  prepareArticle,
  readFileCapped,
  readInput,
  readStream,
  removeUserArticle,
  type Input,
} from '../../src/articles/user-articles.js';
import { runRemove, type Ask } from '../../src/commands/remove.js';
import { NewsError, formatError } from '../../src/errors.js';
import { ANY_ESCAPE, BUNDLED_ARTICLES, FIXTURES, tempDir, testContext } from '../helpers.js';

const SEED = readFileSync(join(FIXTURES, 'witkoff-leak.txt'));
const BUNDLED_BYTES = readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'));
const SEED_TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';

const input = (text: string | Uint8Array, name = 'story.txt'): Input => ({ name, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });

/** The NewsError a call throws; fails the test if it throws nothing or something else. */
function refusal(call: () => unknown): NewsError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(NewsError);
    return error as NewsError;
  }
  throw new Error('expected a NewsError, but nothing was thrown');
}

async function rejection(promise: Promise<unknown>): Promise<NewsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NewsError);
    return error as NewsError;
  }
  throw new Error('expected a NewsError, but the promise resolved');
}

let home: ReturnType<typeof tempDir>;
let userDir: string;
let library: ArticleLibrary;
beforeEach(() => {
  home = tempDir('news-user-articles-');
  userDir = join(home.path, 'articles');
  library = new ArticleLibrary(BUNDLED_ARTICLES, userDir);
});
afterEach(() => home.cleanup());

const userFiles = (): string[] => (existsSync(userDir) ? readdirSync(userDir).sort() : []);

describe('prepareArticle: which format', () => {
  it('takes text starting with front matter as Markdown, copied as it is', () => {
    const text = '---\ntitle: My Story\ndek: Short\n---\n\nThe lede *with* emphasis.\n\n## A heading\n\nMore.\n';
    const prepared = prepareArticle(input(text, 'story.md'));
    expect(prepared.format).toBe('markdown');
    expect(prepared.markdown).toBe(text);
    expect(prepared.article.title).toBe('My Story');
    expect(prepared.article.sections.map((s) => s.heading)).toEqual(['A heading']);
  });

  it('keeps a byte-order mark and CRLF line ends in Markdown', () => {
    const text = '\uFEFF---\r\ntitle: Windows\r\n---\r\n\r\nBody.\r\n';
    const prepared = prepareArticle(input(text));
    expect(prepared.format).toBe('markdown');
    expect(Buffer.from(prepared.markdown, 'utf8')).toEqual(Buffer.from(text, 'utf8'));
  });

  it('takes anything else as plain text and converts it', () => {
    const prepared = prepareArticle(input('My Story\nThe dek.\nA Heading\nA paragraph, with *stars*.\n'));
    expect(prepared.format).toBe('plain-text');
    expect(prepared.markdown).toBe('---\ntitle: My Story\ndek: The dek.\n---\n\n## A Heading\n\nA paragraph, with \\*stars\\*.\n');
    expect(prepared.article.sections[0]?.markdown).toBe('A paragraph, with \\*stars\\*.');
  });

  it('reads "---" later in the text, or indented, as plain text', () => {
    expect(prepareArticle(input('Title\nDek\nPara one.\n---\nPara two.\n')).format).toBe('plain-text');
    expect(prepareArticle(input(' ---\ntitle: x\n---\nBody text.\n')).format).toBe('plain-text');
  });

  it('converts the seed text to exactly the bundled article', () => {
    const prepared = prepareArticle(input(SEED, 'witkoff-leak.txt'));
    expect(prepared.format).toBe('plain-text');
    expect(Buffer.from(prepared.markdown, 'utf8').equals(BUNDLED_BYTES)).toBe(true);
    expect(prepared.article.title).toBe(SEED_TITLE);
  });
});

describe('prepareArticle: what is refused', () => {
  it.each([
    ['an empty file', '', /^story\.txt is empty$/],
    ['only white space', ' \n\t\r\n', /^story\.txt is empty$/],
    ['a BOM and nothing else', '\uFEFF\n', /^story\.txt is empty$/],
    ['Markdown without a title', '---\ndek: No title\n---\n\nBody.\n', /not an article: no title in the front matter/],
    ['Markdown with an empty title', '---\ntitle: "  "\n---\n\nBody.\n', /not an article: no title/],
    ['Markdown without a body', '---\ntitle: Hollow\n---\n', /not an article: no body: after the front matter/],
    ['Markdown whose body is blank', '---\ntitle: Hollow\n---\n\n   \n\n', /no body/],
    ['Markdown with headings and no text', '---\ntitle: Hollow\n---\n\n## One\n\n## Two\n', /no body/],
    ['unclosed front matter', '---\ntitle: Open\n\nBody.\n', /has no closing "---" line/],
    ['bad YAML', '---\ntitle: [unclosed\n---\n\nBody.\n', /not an article: bad YAML/],
    ['front matter that is a list', '---\n- a\n- b\n---\n\nBody.\n', /not an article: the front matter must be/],
    ['plain text with only a title', 'Just a title\n', /not an article: no body: after the title and dek lines/],
    ['plain text with a title and a dek', 'A title\nA dek.\n\n', /no body/],
    ['plain text with only the closing prompt after the dek', "A title\nA dek.\nWhat's Your Reaction?\n", /no body/],
  ])('%s', (_, text, message) => {
    const error = refusal(() => prepareArticle(input(text)));
    expect(error.kind).toBe('broken-article');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(message);
    expect(formatError(error)).not.toContain('\n');
  });

  it('refuses binary data: NUL bytes anywhere', () => {
    const bytes = Buffer.concat([Buffer.from('Title\nDek\nBody.\n'), Buffer.from([0])]);
    const error = refusal(() => prepareArticle(input(bytes, 'photo.jpg')));
    expect(error.message).toBe('photo.jpg looks like binary data (it has NUL bytes), not text');
  });

  it('refuses text that is not UTF-8', () => {
    const latin1 = Buffer.from('Caf\xe9 story\nDek\nBody text.\n', 'latin1');
    expect(refusal(() => prepareArticle(input(latin1))).message).toBe('story.txt is not UTF-8 text');
    // A sequence cut short at the end is not UTF-8 either.
    expect(refusal(() => prepareArticle(input(Buffer.from([0x54, 0x0a, 0xe2, 0x80])))).message).toMatch(/not UTF-8/);
  });
});

describe('planSlug: the name and the --force and --slug rules', () => {
  it('makes the name from the title, or takes --slug', () => {
    expect(planSlug(library, 'Café’s “Déjà vu” — 2025!', {})).toEqual({ slug: 'cafes-deja-vu-2025', path: join(userDir, 'cafes-deja-vu-2025.md'), replaces: undefined });
    expect(planSlug(library, 'Café', { slug: 'my-name' }).slug).toBe('my-name');
  });

  it('refuses a --slug that is not a name, as a usage error', () => {
    for (const slug of ['Upper', '../escape', 'a b', '', 'trailing-']) {
      const error = refusal(() => planSlug(library, 'Title', { slug }));
      expect(error.kind).toBe('usage');
    }
  });

  it('asks for --slug when the title gives no name', () => {
    const error = refusal(() => planSlug(library, '中文标题 🎉', {}));
    expect(error.exitCode).toBe(1);
    expect(formatError(error)).toMatch(/cannot make an article name from the title “中文标题 🎉”\. Give one with --slug/);
  });

  it('never overwrites an article of yours without --force', () => {
    mkdirSync(userDir);
    writeFileSync(join(userDir, 'my-story.md'), '---\ntitle: The Old One\n---\n\nOld.\n');
    const error = refusal(() => planSlug(library, 'My Story', {}));
    expect(error.exitCode).toBe(1);
    expect(formatError(error)).toBe('news: you already have an article named "my-story" (“The Old One”). Use --force to replace it, or --slug <name> to add this one beside it');
    expect(planSlug(library, 'My Story', { force: true }).replaces).toEqual({ origin: 'user', title: 'The Old One' });
    expect(planSlug(library, 'My Story', { slug: 'my-story-2' }).replaces).toBeUndefined();
  });

  it('shadows a bundled article only with --force', () => {
    const error = refusal(() => planSlug(library, SEED_TITLE, { slug: 'witkoff-leak' }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`"witkoff-leak" is the name of an article bundled with news (“${SEED_TITLE}”)`);
    expect(error.hint).toMatch(/--force .*news remove witkoff-leak brings the bundled one back.*--slug/);
    expect(planSlug(library, SEED_TITLE, { slug: 'witkoff-leak', force: true }).replaces).toEqual({ origin: 'bundled', title: SEED_TITLE });
  });

  it('names an existing article that cannot be read by its slug alone', () => {
    mkdirSync(userDir);
    writeFileSync(join(userDir, 'broken.md'), 'not an article');
    expect(refusal(() => planSlug(library, 'Broken', {})).message).toBe('you already have an article named "broken"');
  });
});

describe('addArticle', () => {
  it('writes the article under its slug, creating the folder', async () => {
    const added = await addArticle(library, input('---\ntitle: My Story\n---\n\nHello.\n', 'story.md'));
    expect(added).toMatchObject({ slug: 'my-story', title: 'My Story', format: 'markdown', replaces: undefined });
    expect(readFileSync(join(userDir, 'my-story.md'), 'utf8')).toBe('---\ntitle: My Story\n---\n\nHello.\n');
    expect(userFiles()).toEqual(['my-story.md']);
    const entry = library.find('my-story');
    expect(entry.origin).toBe('user');
    expect(library.load(entry).lede).toBe('Hello.');
  });

  it('imports the seed text as a file equal to the bundled witkoff-leak.md, byte for byte', async () => {
    // Its title makes a longer name; under the bundled one's name it needs --force.
    expect((await addArticle(library, input(SEED))).slug).toBe('trump-defends-witkoff-after-leak-appears-to-show-envoy-coaching-russia');
    await expect(addArticle(library, input(SEED), { slug: 'witkoff-leak' })).rejects.toThrow(/bundled with news/);
    expect(existsSync(join(userDir, 'witkoff-leak.md'))).toBe(false);
    const added = await addArticle(library, input(SEED), { slug: 'witkoff-leak', force: true });
    expect(added).toMatchObject({ slug: 'witkoff-leak', title: SEED_TITLE, format: 'plain-text', replaces: { origin: 'bundled', title: SEED_TITLE } });
    expect(readFileSync(join(userDir, 'witkoff-leak.md')).equals(BUNDLED_BYTES)).toBe(true);
    expect(library.find('witkoff-leak')).toMatchObject({ origin: 'user', overridesBundled: true });

    await addArticle(library, input(SEED), { slug: 'seed-copy' });
    expect(readFileSync(join(userDir, 'seed-copy.md')).equals(BUNDLED_BYTES)).toBe(true);
  });

  it('replaces an article of yours with --force, and only then', async () => {
    await addArticle(library, input('---\ntitle: Story\n---\n\nFirst.\n'));
    const error = await rejection(addArticle(library, input('---\ntitle: Story\n---\n\nSecond.\n')));
    expect(error.message).toMatch(/already have an article named "story"/);
    expect(readFileSync(join(userDir, 'story.md'), 'utf8')).toContain('First.');
    const again = await addArticle(library, input('---\ntitle: Story\n---\n\nSecond.\n'), { force: true });
    expect(again.replaces).toEqual({ origin: 'user', title: 'Story' });
    expect(readFileSync(join(userDir, 'story.md'), 'utf8')).toContain('Second.');
    expect(userFiles()).toEqual(['story.md']); // no temp file left beside it
  });

  it('checks --slug before looking at the input', async () => {
    const error = await rejection(addArticle(library, input(Buffer.from([0, 1, 2])), { slug: 'Not A Slug' }));
    expect(error.kind).toBe('usage');
  });

  it('writes nothing when it refuses', async () => {
    const cases: [Input, object][] = [
      [input(''), {}],
      [input('Title only\n'), {}],
      [input(Buffer.from([0xff, 0xfe, 0x00])), {}],
      [input('---\ndek: x\n---\n\nBody.\n'), {}],
      [input('中文\nDek\nBody.\n'), {}],
      [input(SEED), { slug: 'witkoff-leak' }],
    ];
    for (const [given, options] of cases) await rejection(addArticle(library, given, options));
    expect(existsSync(userDir)).toBe(false);
  });

  it('sanitizes a title with control characters for the message', async () => {
    const added = await addArticle(library, input('Evil \u001B]0;pwned\u0007 title\nDek\nBody text.\n'));
    expect(added.title).not.toMatch(ANY_ESCAPE);
    expect(isSlug(added.slug)).toBe(true);
  });
});

describe('reading the input with a size cap', () => {
  it('reads a file by a path relative to the folder given', async () => {
    writeFileSync(join(home.path, 'story.txt'), 'Title\nDek\nBody.\n');
    const read = await readInput('story.txt', { cwd: home.path, stdinIsTTY: false, stdin: () => [] });
    expect(read.name).toBe('story.txt');
    expect(Buffer.from(read.bytes).toString('utf8')).toBe('Title\nDek\nBody.\n');
  });

  it('refuses a file that does not exist, and a folder', async () => {
    const sources = { cwd: home.path, stdinIsTTY: false, stdin: () => [] };
    const missing = await rejection(readInput('nope.txt', sources));
    expect(missing.exitCode).toBe(1);
    expect(formatError(missing)).toBe('news: there is no file nope.txt. Check the name, or give - to read standard input');
    const folder = await rejection(readInput('.', sources));
    expect(folder.message).toBe('. is a folder, not a file');
  });

  it('takes a file of exactly the limit, refuses one byte more', () => {
    const path = join(home.path, 'big.txt');
    writeFileSync(path, 'x'.repeat(1000));
    expect(readFileCapped(path, 'big.txt', 1000)).toHaveLength(1000);
    const error = refusal(() => readFileCapped(path, 'big.txt', 999));
    expect(error.exitCode).toBe(1);
    expect(MAX_IMPORT_BYTES).toBe(10 * 1024 * 1024);
    expect(error.message).toBe('big.txt is more than 999 bytes, too large for an article');
  });

  it('stops reading an endless device once past the limit', () => {
    // /dev/zero never ends: only a reader that stops early returns at all.
    const error = refusal(() => readFileCapped('/dev/zero', '/dev/zero', 256 * 1024));
    expect(error.message).toBe('/dev/zero is more than 262144 bytes, too large for an article');
  });

  it('stops reading standard input once past the limit, and closes it', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          pulled++;
          yield new Uint8Array(1024).fill(65);
        }
      } finally {
        closed = true;
      }
    }
    const error = await rejection(readStream(endless(), 10 * 1024));
    expect(error.message).toBe('standard input is more than 10240 bytes, too large for an article');
    expect(pulled).toBe(11);
    expect(closed).toBe(true);
  });

  it('reads standard input for "-", in chunks of bytes or text', async () => {
    const chunks = [Buffer.from('Ti'), 'tle\nDé', Buffer.from('k\nBody.\n')];
    const read = await readInput('-', { cwd: home.path, stdinIsTTY: false, stdin: () => chunks });
    expect(read.name).toBe('standard input');
    expect(Buffer.from(read.bytes).toString('utf8')).toBe('Title\nDék\nBody.\n');
  });

  it('refuses an empty standard input, and a terminal for "-" without reading it', async () => {
    const empty = await readInput('-', { cwd: home.path, stdinIsTTY: false, stdin: () => [] });
    expect(refusal(() => prepareArticle(empty)).message).toBe('standard input is empty');
    let opened = false;
    const error = await rejection(
      readInput('-', {
        cwd: home.path,
        stdinIsTTY: true,
        stdin: () => {
          opened = true;
          return [];
        },
      }),
    );
    expect(error.exitCode).toBe(2);
    expect(formatError(error)).toMatch(/^news: standard input is a terminal\. Pipe an article in/);
    expect(opened).toBe(false);
  });

  it('turns a failing standard input into a NewsError', async () => {
    // eslint-disable-next-line require-yield
    async function* failing(): AsyncGenerator<Uint8Array> {
      throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
    }
    expect((await rejection(readStream(failing()))).message).toMatch(/^cannot read standard input: EBADF/);
  });
});

describe('any input either imports as an article or is refused with a NewsError', () => {
  const words = fc.stringMatching(/^[A-Za-z][A-Za-z ,.'"’*_#-]{0,40}$/);
  const line = fc.oneof(
    { arbitrary: words, weight: 4 },
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('---', '...', '## Heading', 'title: A title', 'title: A title', 'title: A title', 'title:', 'dek: x', 'tags: [a, b', "What's Your Reaction?", '', '   ', '\r', '```', '# h', '- item'),
  );
  // Near-articles, so that acceptance is exercised as much as refusal.
  const bodyLine = fc.oneof({ arbitrary: words.map((text) => `${text}.`), weight: 3 }, line);
  const metaLine = fc.oneof(fc.constantFrom('dek: A dek', 'tags: [a, b]', 'date: 2025-11-27', 'author: A. Writer'), line);
  const plausible = fc.oneof(
    fc.tuple(words, words, fc.array(bodyLine, { minLength: 1, maxLength: 8 })).map(([title, dek, body]) => [title, dek, ...body].join('\n')),
    fc.tuple(words, fc.array(metaLine, { maxLength: 3 }), fc.array(bodyLine, { minLength: 1, maxLength: 6 })).map(
      ([title, meta, body]) => `---\ntitle: ${title}\n${meta.join('\n')}\n---\n${body.join('\n')}`,
    ),
  );
  const text = fc.oneof(
    { arbitrary: plausible, weight: 3 },
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n')),
    fc.tuple(fc.array(line, { maxLength: 4 }), fc.array(line, { maxLength: 6 })).map(([meta, body]) => `---\n${meta.join('\n')}\n---\n${body.join('\n')}`),
  );
  const bytes = fc.oneof(
    text.map((t) => Buffer.from(t, 'utf8')),
    fc.uint8Array({ maxLength: 100 }),
  );

  it('prepareArticle never crashes, and what it accepts parses with a title and a body', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(bytes, (given) => {
        let prepared;
        try {
          prepared = prepareArticle(input(given));
        } catch (error) {
          expect(error).toBeInstanceOf(NewsError);
          expect(formatError(error as NewsError)).toMatch(/^news: story\.txt /);
          refused++;
          return;
        }
        accepted++;
        const article = parseArticle(prepared.markdown, 'check');
        expect(article.title.trim()).not.toBe('');
        expect(article.lede !== '' || article.sections.some((section) => section.markdown !== '')).toBe(true);
        expect(prepared.format).toBe(/^\uFEFF?---[ \t]*(\r?\n|$)/.test(Buffer.from(given).toString('utf8')) ? 'markdown' : 'plain-text');
      }),
      { numRuns: 3000 },
    );
    // Both outcomes were really exercised.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('what addArticle writes, the library reads back as the same article', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(text, async (given) => {
        const lib = new ArticleLibrary(BUNDLED_ARTICLES, join(home.path, `run-${written}-${Math.random().toString(36).slice(2)}`));
        let added;
        try {
          added = await addArticle(lib, input(given), { slug: 'property-test' });
        } catch (error) {
          expect(error).toBeInstanceOf(NewsError);
          return;
        }
        written++;
        const entry = lib.find('property-test');
        expect(entry.origin).toBe('user');
        expect(lib.load(entry)).toEqual({ ...prepareArticle(input(given)).article, slug: 'property-test' });
        expect(added.path).toBe(entry.path);
      }),
      { numRuns: 300 },
    );
    expect(written).toBeGreaterThan(60);
  });
});

describe('removeUserArticle', () => {
  it('deletes an article of yours', async () => {
    await addArticle(library, input('---\ntitle: Mine\n---\n\nText.\n'));
    expect(removeUserArticle(library, library.find('mine'))).toBeUndefined();
    expect(userFiles()).toEqual([]);
    expect(library.findExact('mine')).toBeUndefined();
  });

  it('refuses a bundled article, and deletes nothing', () => {
    const error = refusal(() => removeUserArticle(library, library.find('witkoff-leak')));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`“${SEED_TITLE}” (witkoff-leak) is bundled with news and cannot be removed`);
    expect(existsSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'))).toBe(true);
  });

  it('brings the bundled article back when yours replaced it', async () => {
    await addArticle(library, input('---\ntitle: My Witkoff\n---\n\nMine.\n'), { slug: 'witkoff-leak', force: true });
    expect(library.find('witkoff-leak').origin).toBe('user');
    const back = removeUserArticle(library, library.find('witkoff-leak'));
    expect(back).toMatchObject({ slug: 'witkoff-leak', origin: 'bundled' });
    expect(library.find('witkoff-leak').origin).toBe('bundled');
  });
});

describe('news remove: the confirmation, with an injected question', () => {
  type Outcome = { code: number; stdout: string; stderr: string; asked: string[] };

  /** runRemove on a terminal (or not), answering with `answer`; errors mapped as main maps them. */
  async function remove(name: string, options: { yes?: boolean }, answer: string | undefined, terminal = true): Promise<Outcome> {
    const t = testContext({ home: home.path, io: { stdinIsTTY: terminal, stdoutIsTTY: terminal } });
    const asked: string[] = [];
    const ask: Ask = async (question) => {
      asked.push(question);
      return answer;
    };
    try {
      await runRemove(t.ctx, name, options, ask);
      return { code: 0, stdout: t.io.stdout, stderr: t.io.stderr, asked };
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      return { code: error.exitCode, stdout: t.io.stdout, stderr: `${t.io.stderr}${formatError(error)}\n`, asked };
    }
  }

  beforeEach(async () => {
    await addArticle(library, input('---\ntitle: My Story\n---\n\nText.\n'));
  });

  it.each(['y', 'Y', 'yes', ' YES '])('removes on %j', async (answer) => {
    const outcome = await remove('my-story', {}, answer);
    expect(outcome.asked).toEqual(['Remove “My Story” (my-story)? [y/N] ']);
    expect(outcome).toMatchObject({ code: 0, stdout: 'Removed “My Story” (my-story).\n' });
    expect(userFiles()).toEqual([]);
  });

  it.each(['n', '', 'no', 'yep', 'y y', undefined])('keeps the article on %j', async (answer) => {
    const outcome = await remove('my', {}, answer);
    expect(outcome.asked).toHaveLength(1);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/news: nothing removed\n$/);
    expect(userFiles()).toEqual(['my-story.md']);
  });

  it('does not ask with --yes', async () => {
    const outcome = await remove('my-story', { yes: true }, 'n');
    expect(outcome.asked).toEqual([]);
    expect(outcome.code).toBe(0);
    expect(userFiles()).toEqual([]);
  });

  it('off a terminal, needs --yes and does not ask', async () => {
    const outcome = await remove('my-story', {}, 'y', false);
    expect(outcome.asked).toEqual([]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("news: not removing “My Story” (my-story) without --yes when not on a terminal. Run 'news remove my-story --yes'\n");
    expect(userFiles()).toEqual(['my-story.md']);
  });

  it('never asks about a bundled article', async () => {
    const outcome = await remove('witkoff-leak', {}, 'y');
    expect(outcome.asked).toEqual([]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/is bundled with news and cannot be removed/);
  });
});
