import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleLibrary } from '../../src/articles/library.js';
import { createContext } from '../../src/context.js';
import { parseArticle } from '../../src/articles/parse.js';
import { isSlug } from '../../src/articles/slug.js';
import {
  MAX_IMPORT_BYTES,
  MAX_NAME_LENGTH,
  MAX_NAME_WORDS,
  addArticle,
  nameFromTitle,
  planSlug,
  prepareArticle as prepareWith,
  readFileCapped,
  readInput,
  removeUserArticle,
  type Input,
  writeArticleFile,
  type InputSources,
} from '../../src/articles/user-articles.js';
import { runRemove } from '../../src/commands/remove.js';
import { NewsError, formatError } from '../../src/errors.js';
import { bufferIO, readCapped } from '../../src/io.js';
import { ANY_ESCAPE, BUNDLED_ARTICLES, FIXTURES, tempDir, rejectedNewsError, thrownNewsError } from '../helpers.js';
import { markdownLineText } from '../../src/articles/inline-text.js';

const prepareArticle = (input: Parameters<typeof prepareWith>[0]): ReturnType<typeof prepareWith> => prepareWith(input, markdownLineText);

const SEED = readFileSync(join(FIXTURES, 'witkoff-leak.txt'));
const BUNDLED_BYTES = readFileSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'));
const SEED_TITLE = 'Trump defends Witkoff after leak appears to show envoy coaching Russia';

const input = (text: string | Uint8Array, name = 'story.txt'): Input => ({ name, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });

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
    const error = thrownNewsError(() => prepareArticle(input(text)));
    expect(error.kind).toBe('broken-article');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(message);
    expect(formatError(error)).not.toContain('\n');
  });

  it('refuses binary data: NUL bytes anywhere', () => {
    const bytes = Buffer.concat([Buffer.from('Title\nDek\nBody.\n'), Buffer.from([0])]);
    const error = thrownNewsError(() => prepareArticle(input(bytes, 'photo.jpg')));
    expect(error.message).toBe('photo.jpg looks like binary data (it has NUL bytes), not text');
  });

  it('refuses text that is not UTF-8', () => {
    const latin1 = Buffer.from('Caf\xe9 story\nDek\nBody text.\n', 'latin1');
    expect(thrownNewsError(() => prepareArticle(input(latin1))).message).toBe('story.txt is not UTF-8 text');
    // A sequence cut short at the end is not UTF-8 either.
    expect(thrownNewsError(() => prepareArticle(input(Buffer.from([0x54, 0x0a, 0xe2, 0x80])))).message).toMatch(/not UTF-8/);
  });
});

describe('planSlug: the name and the --force and --slug rules', () => {
  it('makes the name from the title, or takes --slug', () => {
    expect(planSlug(library, 'Café’s “Déjà vu” — 2025!', {})).toEqual({ slug: 'cafes-deja-vu-2025', path: join(userDir, 'cafes-deja-vu-2025.md'), replaces: undefined });
    expect(planSlug(library, 'Café', { slug: 'my-name' }).slug).toBe('my-name');
  });

  it('refuses a --slug that is not a name, as a usage error', () => {
    for (const slug of ['Upper', '../escape', 'a b', '', 'trailing-']) {
      const error = thrownNewsError(() => planSlug(library, 'Title', { slug }));
      expect(error.kind).toBe('usage');
    }
  });

  it('asks for --slug when the title gives no name', () => {
    const error = thrownNewsError(() => planSlug(library, '中文标题 🎉', {}));
    expect(error.exitCode).toBe(1);
    expect(formatError(error)).toMatch(/cannot make an article name from the title “中文标题 🎉”\. Give one with --slug/);
  });

  it('never overwrites an article of yours without --force', () => {
    mkdirSync(userDir);
    writeFileSync(join(userDir, 'my-story.md'), '---\ntitle: The Old One\n---\n\nOld.\n');
    const error = thrownNewsError(() => planSlug(library, 'My Story', {}));
    expect(error.exitCode).toBe(1);
    expect(formatError(error)).toBe('news: you already have an article named "my-story" (“The Old One”). Use --force to replace it, or --slug <name> to add this one beside it');
    expect(planSlug(library, 'My Story', { force: true }).replaces).toEqual({ origin: 'user', title: 'The Old One' });
    expect(planSlug(library, 'My Story', { slug: 'my-story-2' }).replaces).toBeUndefined();
  });

  it('shadows a bundled article only with --force', () => {
    const error = thrownNewsError(() => planSlug(library, SEED_TITLE, { slug: 'witkoff-leak' }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`"witkoff-leak" is the name of an article bundled with news (“${SEED_TITLE}”)`);
    expect(error.hint).toMatch(/--force .*news remove witkoff-leak brings the bundled one back.*--slug/);
    expect(planSlug(library, SEED_TITLE, { slug: 'witkoff-leak', force: true }).replaces).toEqual({ origin: 'bundled', title: SEED_TITLE });
  });

  it('names an existing article that cannot be read by its slug alone', () => {
    mkdirSync(userDir);
    writeFileSync(join(userDir, 'broken.md'), 'not an article');
    expect(thrownNewsError(() => planSlug(library, 'Broken', {})).message).toBe('you already have an article named "broken"');
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
    expect((await addArticle(library, input(SEED))).slug).toBe('trump-defends-witkoff-after-leak-appears');
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
    const error = await rejectedNewsError(addArticle(library, input('---\ntitle: Story\n---\n\nSecond.\n')));
    expect(error.message).toMatch(/already have an article named "story"/);
    expect(readFileSync(join(userDir, 'story.md'), 'utf8')).toContain('First.');
    const again = await addArticle(library, input('---\ntitle: Story\n---\n\nSecond.\n'), { force: true });
    expect(again.replaces).toEqual({ origin: 'user', title: 'Story' });
    expect(readFileSync(join(userDir, 'story.md'), 'utf8')).toContain('Second.');
    expect(userFiles()).toEqual(['story.md']); // no temp file left beside it
  });

  it('checks --slug before looking at the input', async () => {
    const error = await rejectedNewsError(addArticle(library, input(Buffer.from([0, 1, 2])), { slug: 'Not A Slug' }));
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
    for (const [given, options] of cases) await rejectedNewsError(addArticle(library, given, options));
    expect(existsSync(userDir)).toBe(false);
  });

  it('sanitizes a title with control characters for the message', async () => {
    const added = await addArticle(library, input('Evil \u001B]0;pwned\u0007 title\nDek\nBody text.\n'));
    expect(added.title).not.toMatch(ANY_ESCAPE);
    expect(isSlug(added.slug)).toBe(true);
  });
});

describe('Markdown without front matter: a "# Title" line', () => {
  const STORY = '# My Title\n\nThe first paragraph, with *emphasis* and a [link](https://example.org).\n\n## The section\n\n- one\n- two\n\nMore _text_ \\* as written.\n';

  it('takes the heading as the title, keeps the next paragraph as the lede, and the rest as written', () => {
    const prepared = prepareArticle(input(STORY, 'story.md'));
    expect(prepared.format).toBe('markdown');
    expect(prepared.markdown).toBe(`---\ntitle: "My Title"\n---\n\n${STORY.slice('# My Title\n\n'.length)}`);
    expect(prepared.article.title).toBe('My Title');
    expect(prepared.article.dek).toBeUndefined();
    expect(prepared.article.lede).toBe('The first paragraph, with *emphasis* and a [link](https://example.org).');
    expect(prepared.article.sections).toMatchObject([{ heading: 'The section', markdown: '- one\n- two\n\nMore _text_ \\* as written.' }]);
  });

  it('reads it so whatever the file is called, and from standard input', () => {
    for (const name of ['story.txt', 'notes', 'standard input', 'STORY.MARKDOWN']) {
      const prepared = prepareArticle(input(STORY, name));
      expect(prepared.format).toBe('markdown');
      expect(prepared.article.title).toBe('My Title');
    }
  });

  it('allows blank lines and a byte-order mark before it, a closing run of #s, and CRLF line ends', () => {
    const prepared = prepareArticle(input('\uFEFF\n  \r\n# Closing hashes ##\r\n\r\nBody.\r\n', 'story.md'));
    expect(prepared.markdown).toBe('---\ntitle: "Closing hashes"\n---\n\nBody.\r\n');
    expect(prepared.article.title).toBe('Closing hashes');
    expect(prepared.article.lede).toBe('Body.');
    expect(prepareArticle(input('# C# in a week\n\nBody.\n')).article.title).toBe('C# in a week');
  });

  it('keeps the text of a title written with Markdown, not its markup', () => {
    const title = (line: string): string => prepareArticle(input(`# ${line}\n\nBody.\n`, 'story.md')).article.title;
    expect(title('Ferry fares to rise in *autumn*')).toBe('Ferry fares to rise in autumn');
    expect(title('The **bold**, `code <x>`, ~~old~~ [a link](https://example.org) and ![a picture](p.png)')).toBe('The bold, code <x>, old a link and a picture');
    expect(title('A \\*literal\\* star, AT&amp;T and ![A &amp; B \\*](x.png)')).toBe('A *literal* star, AT&T and A & B *');
    // HTML stays as written, as the reader shows it in the body: to Markdown, <String> is a tag.
    expect(title('Generics: List<String> in *Java*, and <b>tags</b>')).toBe('Generics: List<String> in Java, and <b>tags</b>');
    // What Markdown does not read as markup stays as written.
    expect(title('5 * 3 * 2, snake_case_name and C#')).toBe('5 * 3 * 2, snake_case_name and C#');
    expect(thrownNewsError(() => prepareArticle(input('# ![](p.png)\n\nBody.\n', 'story.md'))).message).toMatch(/has no title/);
  });

  it('quotes any title as a YAML string that reads back as written', () => {
    for (const title of ['title: "colon" [x] #hash', 'Back\\slash and \'quotes\'', '- dash', 'yes', '123', '~', 'Tab\there', 'Evil \u001B]0;pwned\u0007 \u0085\u2028\u007F end', '{a: b}', '* star', '&anchor !tag %']) {
      const prepared = prepareArticle(input(`# ${title}\n\nBody.\n`, 'story.md'));
      expect(prepared.article.title).toBe(title.trim());
      expect(prepared.markdown.split('\n')[1]).toMatch(/^title: "/);
    }
  });

  it('refuses a "#" line without a title, and a title without a body', () => {
    expect(thrownNewsError(() => prepareArticle(input('#   \n\nBody.\n', 'story.md'))).message).toMatch(/story\.md is not an article: /);
    expect(thrownNewsError(() => prepareArticle(input('# #\n\nBody.\n', 'story.md'))).message).toMatch(/has no title/);
    expect(thrownNewsError(() => prepareArticle(input('# Only a title\n\n\n', 'story.md'))).message).toBe('story.md is not an article: no body: after the "# Title" line, give the text of the article');
    expect(thrownNewsError(() => prepareArticle(input('# Only a title\n\n## A heading\n', 'story.md'))).message).toMatch(/no body/);
  });

  it.each(['story.md', 'story.markdown', 'STORY.MD', 'drafts/story.Markdown'])('refuses %s without front matter or a "# Title" line, instead of reading it as plain text', (name) => {
    const error = thrownNewsError(() => prepareArticle(input('My Title\n\nSome *text*.\n\n## A section\n\nMore.\n', name)));
    expect(error.kind).toBe('broken-article');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`${name} is not an article: a Markdown file needs a title: add front matter with a title, or a first line '# Title'`);
  });

  it('still reads other files without a "# " line as plain text', () => {
    expect(prepareArticle(input('My Title\nDek\n#hashtag is not a heading.\n', 'story.txt')).format).toBe('plain-text');
    expect(prepareArticle(input('##Not a title\nDek\nBody.\n', 'notes')).format).toBe('plain-text');
    expect(prepareArticle(input('## A level-two heading\nDek\nBody.\n', 'story.txt')).format).toBe('plain-text');
  });

  it('writes it so that news reads the same article back', async () => {
    const added = await addArticle(library, input(STORY, 'story.md'));
    expect(added).toMatchObject({ slug: 'my-title', title: 'My Title', format: 'markdown' });
    expect(library.load(library.find('my-title'))).toEqual({ ...prepareArticle(input(STORY, 'story.md')).article, slug: 'my-title' });
  });
});

describe('names made from titles', () => {
  it('drops escape sequences and control characters before making the name', async () => {
    expect(nameFromTitle('Evil \u001B]0;pwned\u0007 title')).toBe('evil-title');
    expect(nameFromTitle('\u001B[31mRed\u001B[0m alert')).toBe('red-alert');
    expect(nameFromTitle('\u009B2JClear \u0007bell')).toBe('clear-bell');
    const added = await addArticle(library, input('Evil \u001B]0;pwned\u0007 title\nDek\nBody text.\n'));
    expect(added.slug).toBe('evil-title');
  });

  it('keeps at most the first six words and sixty characters, cut between words', () => {
    expect(nameFromTitle(SEED_TITLE)).toBe('trump-defends-witkoff-after-leak-appears');
    expect(nameFromTitle('One two three four five six seven')).toBe('one-two-three-four-five-six');
    expect(nameFromTitle('Short')).toBe('short');
    const long = 'Incomprehensibilities internationalization counterrevolutionaries electroencephalographs';
    const name = nameFromTitle(long);
    expect(name).toBe('incomprehensibilities-internationalization');
    expect(nameFromTitle('x'.repeat(80))).toBe('x'.repeat(60));
    expect(nameFromTitle('中文标题 🎉')).toBe('');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (title) => {
        const made = nameFromTitle(title);
        expect(made.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(made.split('-').length).toBeLessThanOrEqual(MAX_NAME_WORDS);
        expect(made === '' || isSlug(made)).toBe(true);
      }),
    );
  });

  it('leaves a --slug as given', () => {
    const slug = 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-and-more-words-than-sixty-characters-long';
    expect(planSlug(library, 'Title', { slug }).slug).toBe(slug);
  });
});

describe('never writing through a link in the article folder', () => {
  let outside: ReturnType<typeof tempDir>;
  let target: string;
  beforeEach(() => {
    outside = tempDir('news-link-target-');
    target = join(outside.path, 'target.txt');
    writeFileSync(target, 'precious\n');
    mkdirSync(userDir);
  });
  afterEach(() => outside.cleanup());

  const STORY = '---\ntitle: Foo\n---\n\nHello.\n';

  it.each([[{ force: true }], [{}]])('refuses a symbolic link at the name (%j), and leaves both the link and its target alone', async (options) => {
    symlinkSync(target, join(userDir, 'foo.md'));
    const error = await rejectedNewsError(addArticle(library, input(STORY), { slug: 'foo', ...options }));
    expect(error.exitCode).toBe(1);
    expect(formatError(error)).toBe(
      `news: ${join(userDir, 'foo.md')} is a symbolic link to ${target}, not an article file, and news does not write through it. Move or delete it yourself if it should go (rm ${join(userDir, 'foo.md')}), or add this article under another name with --slug <name>`,
    );
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(userDir, 'foo.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(userDir, 'foo.md'))).toBe(target);
    expect(userFiles()).toEqual(['foo.md']);
  });

  it('refuses a dangling link, which the write would otherwise create the target of', async () => {
    const missing = join(outside.path, 'created.txt');
    symlinkSync(missing, join(userDir, 'foo.md'));
    const error = await rejectedNewsError(addArticle(library, input(STORY), { slug: 'foo', force: true }));
    expect(error.message).toMatch(/is a symbolic link to .*created\.txt, not an article file/);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a folder at the name', async () => {
    mkdirSync(join(userDir, 'foo.md'));
    const error = await rejectedNewsError(addArticle(library, input(STORY), { slug: 'foo', force: true }));
    expect(error.message).toBe(`${join(userDir, 'foo.md')} is a folder, not an article file, and news does not write through it`);
  });

  it('refuses a link made after the name was chosen, when it writes', () => {
    // writeArticleFile looks again just before it writes: planSlug's check is not the only one.
    symlinkSync(target, join(userDir, 'late.md'));
    const error = thrownNewsError(() => writeArticleFile(join(userDir, 'late.md'), 'new text\n'));
    expect(error.message).toMatch(/late\.md is a symbolic link to /);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(userFiles()).toEqual(['late.md']); // and no temp file is left
  });

  it('replaces a regular file by a new one, keeping its permissions and leaving no temp file', async () => {
    const path = join(userDir, 'foo.md');
    writeFileSync(path, '---\ntitle: Old\n---\n\nOld.\n', { mode: 0o600 });
    chmodSync(path, 0o600);
    const before = statSync(path).ino;
    await addArticle(library, input(STORY), { slug: 'foo', force: true });
    expect(readFileSync(path, 'utf8')).toBe(STORY);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(path).ino).not.toBe(before); // a new file renamed over the name, not the old one rewritten
    expect(userFiles()).toEqual(['foo.md']);
  });

  it('replaces a file that has another hard link without changing the other', async () => {
    const path = join(userDir, 'foo.md');
    writeFileSync(path, '---\ntitle: Old\n---\n\nOld.\n');
    const other = join(outside.path, 'hard-link.md');
    linkSync(path, other);
    await addArticle(library, input(STORY), { slug: 'foo', force: true });
    expect(readFileSync(path, 'utf8')).toBe(STORY);
    expect(readFileSync(other, 'utf8')).toBe('---\ntitle: Old\n---\n\nOld.\n');
  });
});

describe('reading the input with a size cap', () => {
  it('reads a file by a path relative to the folder given', async () => {
    writeFileSync(join(home.path, 'story.txt'), 'Title\nDek\nBody.\n');
    const read = await readInput('story.txt', bufferIO({ cwd: home.path }));
    expect(read.name).toBe('story.txt');
    expect(Buffer.from(read.bytes).toString('utf8')).toBe('Title\nDek\nBody.\n');
  });

  it('refuses a file that does not exist, and a folder', async () => {
    const sources = bufferIO({ cwd: home.path });
    const missing = await rejectedNewsError(readInput('nope.txt', sources));
    expect(missing.exitCode).toBe(1);
    expect(formatError(missing)).toBe('news: there is no file nope.txt. Check the name, or give - to read standard input');
    const folder = await rejectedNewsError(readInput('.', sources));
    expect(folder.message).toBe('. is a folder, not a file');
  });

  it('takes a file of exactly the limit, refuses one byte more', () => {
    const path = join(home.path, 'big.txt');
    writeFileSync(path, 'x'.repeat(1000));
    expect(readFileCapped(path, 'big.txt', 1000)).toHaveLength(1000);
    const error = thrownNewsError(() => readFileCapped(path, 'big.txt', 999));
    expect(error.exitCode).toBe(1);
    expect(MAX_IMPORT_BYTES).toBe(10 * 1024 * 1024);
    expect(error.message).toBe('big.txt is more than 999 bytes, too large for an article');
  });

  it('stops reading an endless device once past the limit', () => {
    // /dev/zero never ends: only a reader that stops early returns at all.
    const error = thrownNewsError(() => readFileCapped('/dev/zero', '/dev/zero', 256 * 1024));
    expect(error.message).toBe('/dev/zero is more than 262144 bytes, too large for an article');
  });

  it('stops reading a stream once past the limit, and closes it', async () => {
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
    expect(await readCapped(endless(), 10 * 1024)).toBe('too-large');
    expect(pulled).toBe(11);
    expect(closed).toBe(true);
  });

  it('refuses standard input over the limit', async () => {
    const error = await rejectedNewsError(readInput('-', bufferIO({ stdin: 'x'.repeat(10 * 1024 + 1) }), 10 * 1024));
    expect(error.message).toBe('standard input is more than 10240 bytes, too large for an article');
    expect((await readInput('-', bufferIO({ stdin: 'x'.repeat(10 * 1024) }), 10 * 1024)).bytes).toHaveLength(10 * 1024);
  });

  it('reads standard input for "-", in chunks of bytes or text', async () => {
    const chunks = [Buffer.from('Ti'), 'tle\nDé', Buffer.from('k\nBody.\n')];
    const read = await readInput('-', { cwd: home.path, stdinIsTTY: false, readStdin: async (limit) => readCapped(chunks, limit) });
    expect(read.name).toBe('standard input');
    expect(Buffer.from(read.bytes).toString('utf8')).toBe('Title\nDék\nBody.\n');
    expect(Buffer.from((await readInput('-', bufferIO({ stdin: 'Title\nDék\n' }))).bytes).toString('utf8')).toBe('Title\nDék\n');
  });

  it('refuses an empty standard input, and a terminal for "-" without reading it', async () => {
    const empty = await readInput('-', bufferIO({ cwd: home.path }));
    expect(thrownNewsError(() => prepareArticle(empty)).message).toBe('standard input is empty');
    let opened = false;
    const sources: InputSources = {
      cwd: home.path,
      stdinIsTTY: true,
      readStdin: async () => {
        opened = true;
        return Buffer.alloc(0);
      },
    };
    const error = await rejectedNewsError(readInput('-', sources));
    expect(error.exitCode).toBe(2);
    expect(formatError(error)).toMatch(/^news: standard input is a terminal\. Pipe an article in/);
    expect(opened).toBe(false);
  });

  it('turns a failing standard input into a NewsError', async () => {
    const readStdin = (): Promise<Buffer> => Promise.reject(Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' }));
    expect((await rejectedNewsError(readInput('-', bufferIO({ readStdin })))).message).toMatch(/^cannot read standard input: EBADF/);
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
    fc.tuple(words, fc.array(bodyLine, { minLength: 1, maxLength: 8 })).map(([title, body]) => `# ${title}\n\n${body.join('\n')}`),
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
        // Front matter, or a "# Title" as the first line that is not blank, makes Markdown.
        const given8 = Buffer.from(given).toString('utf8');
        const markdown = /^\uFEFF?---[ \t]*(\r?\n|$)/.test(given8) || /^\uFEFF?(?:[ \t]*\r?\n)* {0,3}#[ \t]/.test(given8);
        expect(prepared.format).toBe(markdown ? 'markdown' : 'plain-text');
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
    expect(await removeUserArticle(library, library.find('mine'))).toBeUndefined();
    expect(userFiles()).toEqual([]);
    expect(library.findExact('mine')).toBeUndefined();
  });

  it('refuses a bundled article, and deletes nothing', () => {
    const error = thrownNewsError(() => removeUserArticle(library, library.find('witkoff-leak')));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`“${SEED_TITLE}” (witkoff-leak) is bundled with news and cannot be removed`);
    expect(existsSync(join(BUNDLED_ARTICLES, 'witkoff-leak.md'))).toBe(true);
  });

  it('brings the bundled article back when yours replaced it', async () => {
    await addArticle(library, input('---\ntitle: My Witkoff\n---\n\nMine.\n'), { slug: 'witkoff-leak', force: true });
    expect(library.find('witkoff-leak').origin).toBe('user');
    const back = await removeUserArticle(library, library.find('witkoff-leak'));
    expect(back).toMatchObject({ slug: 'witkoff-leak', origin: 'bundled' });
    expect(library.find('witkoff-leak').origin).toBe('bundled');
  });
});

describe('news remove: the confirmation, answered through the IO', () => {
  type Outcome = { code: number; stdout: string; stderr: string; asked: string[] };

  /** runRemove on a terminal (or not), answering with `answer`; errors mapped as main maps them. */
  async function remove(name: string, options: { yes?: boolean }, answer: string | undefined, terminal = true): Promise<Outcome> {
    const io = bufferIO({ stdinIsTTY: terminal, stdoutIsTTY: terminal, env: { NEWS_HOME: home.path }, answers: [answer] });
    const ctx = createContext(io, { bundledArticlesDir: BUNDLED_ARTICLES });
    try {
      await runRemove(ctx, name, options);
      return { code: 0, stdout: io.stdout, stderr: io.stderr, asked: io.questions };
    } catch (error) {
      if (!(error instanceof NewsError)) throw error;
      return { code: error.exitCode, stdout: io.stdout, stderr: `${io.stderr}${formatError(error)}\n`, asked: io.questions };
    }
  }

  beforeEach(async () => {
    await addArticle(library, input('---\ntitle: My Story\n---\n\nText.\n'));
  });

  it.each(['y', 'Y', 'yes', ' YES '])('removes on %j', async (answer) => {
    const outcome = await remove('my-story', {}, answer);
    expect(outcome.asked).toEqual(['Remove “My Story” (my-story)? [y/N] ']);
    expect(outcome).toMatchObject({ code: 0, stdout: 'Removed “My Story” (my-story).\n', stderr: 'Remove “My Story” (my-story)? [y/N] ' });
    expect(userFiles()).toEqual([]);
  });

  it.each(['n', '', 'no', 'yep', 'y y', undefined])('keeps the article on %j', async (answer) => {
    const outcome = await remove('my-story', {}, answer);
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

  it('takes only the whole name: the start of one removes nothing, and names the article', async () => {
    for (const [args, answer] of [[{ yes: true }, undefined], [{}, 'y']] as const) {
      const outcome = await remove('my', args, answer);
      expect(outcome.asked).toEqual([]);
      expect(outcome.code).toBe(1);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toBe(`news: no article is named exactly "my", and news remove needs the whole name. Did you mean 'news remove my-story'?\n`);
      expect(userFiles()).toEqual(['my-story.md']);
    }
  });

  it('names every article a start could be, and still removes nothing', async () => {
    await addArticle(library, input('---\ntitle: My Story Two\n---\n\nText.\n'));
    const outcome = await remove('my-st', { yes: true }, undefined);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/Did you mean one of 'news remove my-story', 'news remove my-story-two'\?\n$/);
    expect(userFiles()).toEqual(['my-story-two.md', 'my-story.md']);
    // Nothing that starts so: the library's "no article named", with its suggestions.
    const unknown = await remove('zzz-nothing', { yes: true }, undefined);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^news: no article named "zzz-nothing"/);
    // Not a name at all: a usage error.
    expect((await remove('../my-story', { yes: true }, undefined)).code).toBe(2);
  });

  it('a prefix of a bundled article is refused without suggesting the bundled one', async () => {
    const outcome = await remove('witkoff', { yes: true }, undefined);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/no article of yours is named "witkoff"/);
    expect(outcome.stderr).not.toContain("'news remove witkoff-leak'");
  });
});
