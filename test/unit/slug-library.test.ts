import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ArticleLibrary, mergeBySlug, readArticleFile, type ArticleEntry } from '../../src/articles/library.js';
import { MAX_SLUG_LENGTH, checkSlug, isSlug, nearestSlugs, slugify } from '../../src/articles/slug.js';
import { BUNDLED_ARTICLES, tempDir, testContext, thrownNewsError } from '../helpers.js';

const articleText = (title: string, body = 'Body text.'): string => `---\ntitle: ${title}\n---\n\n${body}\n`;

describe('slugs', () => {
  it.each(['witkoff-leak', 'a', '2025', 'a-b-c', 'x'.repeat(MAX_SLUG_LENGTH)])('accepts %j', (slug) => {
    expect(isSlug(slug)).toBe(true);
    expect(checkSlug(slug)).toBe(slug);
  });

  it.each([
    '../x',
    '/etc/passwd',
    'a/b',
    'a\\b',
    '',
    'x'.repeat(MAX_SLUG_LENGTH + 1),
    'Upper',
    '-lead',
    'trail-',
    'dou--ble',
    'sp ace',
    '.hidden',
    'dot.md',
    'nul\u0000',
    'café',
  ])('refuses %j as a usage error (exit code 2)', (slug) => {
    expect(isSlug(slug)).toBe(false);
    const error = thrownNewsError(() => checkSlug(slug));
    expect(error.kind).toBe('usage');
    expect(error.exitCode).toBe(2);
    expect(error.hint).toMatch(/lower-case letters, digits and dashes/);
  });

  it('says why in words, shortening a long name', () => {
    expect(thrownNewsError(() => checkSlug('')).message).toBe('an empty article name');
    expect(thrownNewsError(() => checkSlug('x'.repeat(101))).message).toBe('an article name over 100 characters');
    expect(thrownNewsError(() => checkSlug('../x')).message).toBe('"../x" is not an article name');
    expect(thrownNewsError(() => checkSlug(`A${'b'.repeat(60)}`)).message).toBe(`"A${'b'.repeat(39)}…" is not an article name`);
  });

  it('makes slugs from titles', () => {
    expect(slugify('Trump defends Witkoff after leak')).toBe('trump-defends-witkoff-after-leak');
    expect(slugify('  Café’s “Déjà vu” — 2025!  ')).toBe('cafes-deja-vu-2025');
    expect(slugify('中文')).toBe('');
    const long = slugify('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(isSlug(long)).toBe(true);
  });

  it('suggests the nearest slugs', () => {
    const slugs = ['witkoff-leak', 'weather-report', 'budget-2025'];
    expect(nearestSlugs('witkof-lek', slugs)).toEqual(['witkoff-leak']);
    expect(nearestSlugs('leak', slugs)).toEqual(['witkoff-leak']);
    expect(nearestSlugs('zzzzzzzzzz', slugs)).toEqual([]);
  });
});

describe('merging the two folders', () => {
  it('gives every slug once, sorted, the reader\'s article over a bundled one', () => {
    const slug = fc.stringMatching(/^[a-c0-9]{1,3}(?:-[a-c]{1,2})?$/);
    const folder = (origin: 'bundled' | 'user') =>
      fc.uniqueArray(slug).map((slugs) => slugs.sort().map((name): ArticleEntry => ({ slug: name, path: `${origin}/${name}.md`, origin, overridesBundled: false })));
    fc.assert(
      fc.property(folder('bundled'), folder('user'), (bundled, user) => {
        // The obvious way: by slug in a map, the reader's last, then sorted.
        const bySlug = new Map<string, ArticleEntry>();
        for (const entry of bundled) bySlug.set(entry.slug, entry);
        for (const entry of user) bySlug.set(entry.slug, { ...entry, overridesBundled: bySlug.has(entry.slug) });
        const expected = [...bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
        expect(mergeBySlug(bundled, user)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ArticleLibrary', () => {
  let bundled: ReturnType<typeof tempDir>;
  let home: ReturnType<typeof tempDir>;
  let userDir: string;
  let library: ArticleLibrary;

  beforeEach(() => {
    bundled = tempDir('news-bundled-');
    home = tempDir();
    userDir = join(home.path, 'articles');
    mkdirSync(userDir);
    writeFileSync(join(bundled.path, 'witkoff-leak.md'), articleText('Bundled Witkoff'));
    writeFileSync(join(bundled.path, 'weather-report.md'), articleText('Weather'));
    writeFileSync(join(bundled.path, 'weather-warning.md'), articleText('Warning'));
    library = new ArticleLibrary(bundled.path, userDir);
  });
  afterEach(() => {
    bundled.cleanup();
    home.cleanup();
  });

  it('lists bundled and user articles, sorted by slug', () => {
    writeFileSync(join(userDir, 'my-notes.md'), articleText('Mine'));
    const { entries, warnings } = library.list();
    expect(entries.map((e) => [e.slug, e.origin, e.overridesBundled])).toEqual([
      ['my-notes', 'user', false],
      ['weather-report', 'bundled', false],
      ['weather-warning', 'bundled', false],
      ['witkoff-leak', 'bundled', false],
    ]);
    expect(warnings).toEqual([]);
  });

  it('names the file in the way when the user folder lies below a file (NEWS_HOME set to a file)', () => {
    const file = join(home.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const lib = new ArticleLibrary(bundled.path, join(file, 'articles'));
    expect(lib.list().warnings).toEqual([`cannot read the article folder ${join(file, 'articles')}: a file is in the way where news needs a folder: ${file}`]);
    expect(lib.list().entries).toHaveLength(3);
  });

  it('does not mind a missing user folder', () => {
    const lib = new ArticleLibrary(bundled.path, join(home.path, 'nowhere'));
    expect(lib.list()).toEqual({ entries: expect.any(Array), warnings: [] });
    expect(lib.list().entries).toHaveLength(3);
  });

  it('finds an exact slug, and a unique prefix', () => {
    expect(library.find('witkoff-leak').path).toBe(join(bundled.path, 'witkoff-leak.md'));
    expect(library.find('wit').slug).toBe('witkoff-leak');
    expect(library.find('weather-r').slug).toBe('weather-report');
  });

  it('prefers an exact slug to a longer one it prefixes', () => {
    writeFileSync(join(bundled.path, 'weather.md'), articleText('Just weather'));
    expect(library.find('weather').slug).toBe('weather');
  });

  it('refuses an ambiguous prefix as a usage error naming the candidates', () => {
    const error = thrownNewsError(() => library.find('weather'));
    expect(error.kind).toBe('usage');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('"weather" could be weather-report or weather-warning');
    expect(error.hint).toBe('Type more of the name');
  });

  it('says "did you mean" for a near miss, and exits 1', () => {
    const error = thrownNewsError(() => library.find('witkof-lek'));
    expect(error.kind).toBe('not-found');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('no article named "witkof-lek"');
    expect(error.hint).toMatch(/^Did you mean witkoff-leak\?/);
  });

  it('does not suggest anything for a far miss', () => {
    const error = thrownNewsError(() => library.find('completely-different'));
    expect(error.kind).toBe('not-found');
    expect(error.hint).not.toMatch(/Did you mean/);
    expect(error.hint).toMatch(/news list/);
  });

  it.each(['../x', '/etc/passwd', 'a/b', '', 'x'.repeat(101)])('refuses %j before touching the disk', (query) => {
    const error = thrownNewsError(() => library.find(query));
    expect(error.exitCode).toBe(2);
    expect(library.findExact(query)).toBeUndefined();
  });

  it('lets a user article replace the bundled one of the same slug', () => {
    writeFileSync(join(userDir, 'witkoff-leak.md'), articleText('My own Witkoff'));
    const entry = library.find('witkoff-leak');
    expect(entry).toEqual({ slug: 'witkoff-leak', path: join(userDir, 'witkoff-leak.md'), origin: 'user', overridesBundled: true });
    expect(library.load(entry).title).toBe('My own Witkoff');
    const listed = library.list().entries.filter((e) => e.slug === 'witkoff-leak');
    expect(listed).toEqual([entry]);
    expect(library.find('witk').origin).toBe('user');
  });

  it('lists misnamed files as warnings and skips dot files and other extensions', () => {
    writeFileSync(join(userDir, 'Bad Name.md'), articleText('x'));
    writeFileSync(join(userDir, '.hidden.md'), articleText('x'));
    writeFileSync(join(userDir, 'notes.txt'), 'not an article');
    const { entries, warnings } = library.list();
    expect(entries.map((e) => e.slug)).not.toContain('Bad Name');
    expect(entries).toHaveLength(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(join(userDir, 'Bad Name.md'));
    expect(warnings[0]).toMatch(/not an article name/);
  });

  it('loads a broken article as a broken-article error naming the file', () => {
    const path = join(userDir, 'broken.md');
    writeFileSync(path, 'no front matter here\n');
    const error = thrownNewsError(() => library.load(library.find('broken')));
    expect(error.kind).toBe('broken-article');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`${path}: no front matter: the file must start with a "---" line, then "title: …", then "---"`);
  });

  it('names an article by its title, and a broken one by nothing, so that messages fall back to its name', () => {
    writeFileSync(join(userDir, 'good.md'), '---\ntitle: A good one\n---\n\n## Body\n\nText.\n');
    writeFileSync(join(userDir, 'no-front.md'), 'no front matter here\n');
    writeFileSync(join(userDir, 'bad-yaml.md'), '---\ntitle: [unclosed\n---\n');
    writeFileSync(join(userDir, 'no-title.md'), '---\ndek: only a dek\n---\n');
    writeFileSync(join(userDir, 'not-utf8.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a, 0x2d, 0x2d, 0x2d, 0x0a]));
    expect(library.title(library.find('good'))).toBe('A good one');
    for (const slug of ['no-front', 'bad-yaml', 'no-title', 'not-utf8']) expect(library.title(library.find(slug)), slug).toBeUndefined();
  });

  it('lists broken articles as warnings through the list command, which still succeeds', async () => {
    writeFileSync(join(userDir, 'broken.md'), '---\ntitle: [unclosed\n---\n');
    const { io, run } = testContext({ home: home.path, bundledArticlesDir: bundled.path });
    expect(await run('list')).toBe(0);
    expect(io.stderr).toContain(`news: warning: ${join(userDir, 'broken.md')}: bad YAML in the front matter`);
    expect(io.stdout).toContain('witkoff-leak');
    expect(io.stdout).not.toMatch(/^broken/m);
  });

  describe('symbolic links', () => {
    let outside: ReturnType<typeof tempDir>;
    const SECRET = 'TOP-SECRET-CONTENTS';
    beforeEach(() => {
      outside = tempDir('news-outside-');
      writeFileSync(join(outside.path, 'secret.md'), articleText(SECRET, SECRET));
      symlinkSync(join(outside.path, 'secret.md'), join(userDir, 'linked.md'));
    });
    afterEach(() => outside.cleanup());

    it('refuses to read a symlinked article', () => {
      const entry = library.find('linked');
      const error = thrownNewsError(() => library.load(entry));
      expect(error.kind).toBe('broken-article');
      expect(error.message).toMatch(/symbolic link/);
      expect(error.message).not.toContain(SECRET);
      expect(() => readArticleFile(join(userDir, 'linked.md'))).toThrow(/symbolic link/);
    });

    it('never shows the target through read, list or sections', async () => {
      for (const args of [['read', 'linked'], ['read', 'linked', '--json'], ['list'], ['list', '--json'], ['sections', 'linked']]) {
        const { io, run } = testContext({ home: home.path, bundledArticlesDir: bundled.path });
        const code = await run(...args);
        expect(io.stdout + io.stderr).not.toContain(SECRET);
        if (args[0] === 'list') {
          expect(code).toBe(0);
          expect(io.stderr).toMatch(/linked\.md: is a symbolic link/);
        } else {
          expect(code).toBe(1);
        }
      }
      expect(readFileSync(join(outside.path, 'secret.md'), 'utf8')).toContain(SECRET);
    });

    it('refuses a symlinked user article that shadows a bundled one', async () => {
      symlinkSync(join(outside.path, 'secret.md'), join(userDir, 'weather-report.md'));
      const { io, run } = testContext({ home: home.path, bundledArticlesDir: bundled.path });
      expect(await run('read', 'weather-report')).toBe(1);
      expect(io.stdout).toBe('');
      expect(io.stderr).not.toContain(SECRET);
    });
  });

  it('refuses a folder named like an article', () => {
    mkdirSync(join(userDir, 'folder.md'));
    const error = thrownNewsError(() => library.load(library.find('folder')));
    expect(error.kind).toBe('broken-article');
    expect(error.message).toMatch(/not a regular file|cannot be read/);
  });

  it('refuses a file that is not UTF-8', () => {
    const path = join(userDir, 'latin1.md');
    writeFileSync(path, Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\n\nBody\n')]));
    const error = thrownNewsError(() => library.load(library.find('latin1')));
    expect(error.kind).toBe('broken-article');
    expect(error.message).toBe(`${path}: is not UTF-8 text`);
  });

  it('reads UTF-8 with a BOM', () => {
    writeFileSync(join(userDir, 'bom.md'), `\uFEFF${articleText('Café ☕')}`);
    expect(library.load(library.find('bom')).title).toBe('Café ☕');
  });

  it('says an article has gone when its file disappears between find and load', () => {
    const error = thrownNewsError(() => library.load({ slug: 'gone', path: join(userDir, 'gone.md'), origin: 'user', overridesBundled: false }));
    expect(error.kind).toBe('not-found');
  });

  it('reads the real bundled article', () => {
    const real = new ArticleLibrary(BUNDLED_ARTICLES, userDir);
    const article = real.load(real.find('witkoff'));
    expect(article.slug).toBe('witkoff-leak');
    expect(article.sections).toHaveLength(5);
  });
});
