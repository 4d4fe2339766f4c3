// Bundles the command line into dist/ so that start-up reads two files instead of hundreds of
// modules. Runs on `npm install` (prepare) and before the tests.
//
//   dist/launcher.cjs  starts a bundle through V8's code cache (src/launcher.ts)
//   dist/quick-*.cjs   each common command in its plain forms, a bundle of its own without
//                      commander or the other commands: for the runs that matter most to
//                      start-up, about a third of the program (src/bin-quick.ts)
//   dist/news.cjs      the program, one CommonJS file: Node 20 can cache the compiled code of
//                      a script, not of an ES module. What a command does not use (the search
//                      index for `read`, the HTML renderer, chalk for plain output…) is imported
//                      dynamically in the source and so is only evaluated when needed.
//   dist/vendor/       marked and marked-terminal, scripts of their own (see below)
//
// `--dev` builds an unminified copy in dist-dev/ for profiling, leaving dist/ alone.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const dev = process.argv.includes('--dev');
const outdir = dev ? 'dist-dev' : 'dist';

// Built beside the old output and swapped in at the end, so that a `news` started during a
// build (a test, a second terminal) finds either the old bundle or the new one, never neither.
const staging = `${outdir}.building-${process.pid}`;
rmSync(new URL(staging, root), { recursive: true, force: true });
// A failed build leaves nothing behind, and the old output in place.
process.on('exit', (code) => {
  if (code !== 0) rmSync(new URL(staging, root), { recursive: true, force: true });
});

const common = {
  absWorkingDir: fileURLToPath(root),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // Node 20 has RegExp /v; without this esbuild rewrites such literals as new RegExp(). And
  // import() becomes require(): the launcher runs scripts with vm.Script, which has no loader
  // for import(), and starts the vendor scripts itself.
  supported: { 'regexp-set-notation': true, 'dynamic-import': false },
  minify: !dev,
  legalComments: 'none',
  logLevel: 'warning',
  outExtension: { '.js': '.cjs' },
  outdir: staging,
};

// Modules that dependencies import but the reader never uses; each costs start-up time.
// scripts/stubs/ says why for each.
const unusedAtRunTime = {
  name: 'unused-at-run-time',
  setup(pluginBuild) {
    const stub = (file) => ({ path: fileURLToPath(new URL(`scripts/stubs/${file}`, root)) });
    pluginBuild.onResolve({ filter: /^#supports-color$/ }, () => stub('supports-color.mjs'));
    pluginBuild.onResolve({ filter: /^supports-hyperlinks$/ }, () => stub('supports-hyperlinks.cjs'));
    pluginBuild.onResolve({ filter: /^node:child_process$/ }, ({ importer }) => (importer.includes('commander') ? stub('child-process.cjs') : undefined));
    pluginBuild.onResolve({ filter: /^cli-highlight$/ }, () => stub('cli-highlight.mjs'));
    pluginBuild.onResolve({ filter: /^node-emoji$/ }, ({ importer }) => (importer.includes('marked-terminal') ? stub('node-emoji.mjs') : undefined));
    pluginBuild.onResolve({ filter: /^node:sqlite$/ }, ({ importer }) => (importer.includes('undici') ? stub('sqlite.cjs') : undefined));
    // linkedom tries the native canvas package for <canvas>, falling back to its own shim. Pages
    // are read for their text and nothing is ever drawn: the shim is all it needs.
    pluginBuild.onResolve({ filter: /^canvas$/ }, ({ importer }) => (importer.includes('linkedom') ? { path: fileURLToPath(new URL('node_modules/linkedom/commonjs/canvas-shim.cjs', root)) } : undefined));
  },
};

// string-width makes an Intl.Segmenter (~10 ms of ICU loading) and its Unicode-property RegExps
// (the emoji table alone is ~10 ms) when imported; the reader measures most text without any of
// them (src/render/text.ts), so they are made on first use instead.
const LAZY_REGEXP = `function lazyRegExp(source, flags) {
  let made;
  const real = () => (made ??= new RegExp(source, flags));
  return { test: (text) => real().test(text), [Symbol.match]: (text) => real()[Symbol.match](text), [Symbol.search]: (text) => real()[Symbol.search](text) };
}
`;
let stringWidthMadeLazy = false;
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(pluginBuild) {
    // esbuild names files by their real path, and node_modules may be a link.
    const stringWidthPath = realpathSync(fileURLToPath(new URL('node_modules/string-width/index.js', root)));
    const lazyRegExp = (name, source, flags) => [`const ${name} = /${source}/${flags};`, `const ${name} = lazyRegExp(${JSON.stringify(source)}, '${flags}');`];
    const LAZY_NAMES = ['visibleCharacterRegex', 'spacingMarkRegex', 'rgiEmojiRegex', 'extendedPictographicRegex'];
    const edits = [
      ['const segmenter = new Intl.Segmenter();', `${LAZY_REGEXP}let eagerSegmenter; const segmenter = { segment: (text) => (eagerSegmenter ??= new Intl.Segmenter()).segment(text) };`],
      lazyRegExp('visibleCharacterRegex', '[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]', 'v'),
      lazyRegExp('spacingMarkRegex', '\\p{Spacing_Mark}', 'v'),
      lazyRegExp('rgiEmojiRegex', '^\\p{RGI_Emoji}$', 'v'),
      lazyRegExp('extendedPictographicRegex', '\\p{Extended_Pictographic}', 'gu'),
    ];
    pluginBuild.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => {
      if (path !== stringWidthPath) return undefined; // cli-table3's older copy has neither
      let source = await readFile(path, 'utf8');
      for (const [eager, lazy] of edits) {
        if (!source.includes(eager)) throw new Error(`string-width changed: "${eager}" not found; update scripts/build.mjs`);
        source = source.replace(eager, () => lazy);
      }
      // The stand-ins answer test(), match() and search() only: any other use would silently
      // measure wrong, so the build stops instead.
      for (const name of LAZY_NAMES) {
        const uses = source.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
        const known = source.split(`const ${name} = lazyRegExp(`).length - 1 + source.split(`${name}.test(`).length - 1 + source.split(`.match(${name})`).length - 1 + source.split(`.search(${name})`).length - 1;
        if (uses !== known) throw new Error(`string-width uses ${name} in a way its stand-in does not answer; update scripts/build.mjs`);
      }
      stringWidthMadeLazy = true;
      return { contents: source, loader: 'js' };
    });
  },
};

// Packages that only some runs need, each built as a script of its own in dist/vendor/ and
// required from there: the bundle every run reads, and its code cache, are then a third
// smaller. The launcher starts each through a code cache of its own (src/launcher.ts).
const VENDOR_PACKAGES = ['marked', 'marked-terminal', 'linkedom', '@mozilla/readability', 'undici', 'htmlparser2', 'entities/decode'];
const vendorScripts = (self) => ({
  name: 'vendor-scripts',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: new RegExp(`^(?:${VENDOR_PACKAGES.join('|')})$`) }, ({ path }) =>
      path === self ? undefined : { path: `./vendor/${path}.cjs`, external: true },
    );
  },
});

// The commands with a bundle of their own, each src/commands/<name>.ts declaring <NAME>. A test
// holds the bundles built to src/commands/quick.ts's list and the launcher's.
const QUICK_COMMANDS = ['read', 'sections', 'list', 'search', 'react', 'reactions'];
const quickEntries = {
  name: 'quick-entries',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^quick-entry:/ }, ({ path }) => ({ path: path.slice('quick-entry:'.length), namespace: 'quick-entry' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'quick-entry' }, ({ path: name }) => ({
      contents: `import { ${name.toUpperCase()} } from './src/commands/${name}.js';\nimport { runQuick, warmUpQuick } from './src/bin-quick.js';\nexport const run = () => runQuick(${name.toUpperCase()});\nexport const warmUp = () => warmUpQuick(${name.toUpperCase()});\n`,
      loader: 'ts',
      resolveDir: fileURLToPath(root),
    }));
  },
};

await build({
  ...common,
  // The whole program, and each common command alone, without commander (src/launcher.ts).
  entryPoints: { news: 'src/bin.ts', ...Object.fromEntries(QUICK_COMMANDS.map((name) => [`quick-${name}`, `quick-entry:${name}`])) },
  // The bundle is CommonJS: its own file and folder are __filename and __dirname. (Turning
  // __filename into a file: URL at start-up cost ~1.5 ms, so the source uses only these two.)
  define: { __NEWS_VERSION__: JSON.stringify(version), 'import.meta.filename': '__filename', 'import.meta.dirname': '__dirname' },
  // node-emoji's table (200 KB) is needed only for `news react :shortcode:`: it stays in
  // node_modules, read only then, so that every other run reads and checks a smaller bundle.
  external: ['node-emoji'],
  plugins: [quickEntries, vendorScripts(), unusedAtRunTime, lazyStringWidth],
});
// Without the stand-ins every start would pay for string-width's tables: stop rather than ship that.
if (!stringWidthMadeLazy) throw new Error('string-width was bundled as it is, not made lazy; see lazyStringWidth in scripts/build.mjs');
for (const name of VENDOR_PACKAGES) {
  await build({ ...common, entryPoints: { [`vendor/${name}`]: name }, plugins: [vendorScripts(name), unusedAtRunTime, lazyStringWidth] });
}

// The launcher names each script's code cache by a hash of the script, which it is built with:
// V8 checks only a cache's source length, and an installed package's files all have the
// mtime npm pack gives them, so a new release of the same length would find the old cache.
const scriptHashes = {};
// Every import must have become a plain call (see dynamic-import above): built-ins are loaded
// with process.getBuiltinModule, packages outside the bundle with requirePackage.
for (const script of ['news', ...QUICK_COMMANDS.map((name) => `quick-${name}`), ...VENDOR_PACKAGES.map((name) => `vendor/${name}`)]) {
  const text = readFileSync(new URL(`${staging}/${script}.cjs`, root), 'utf8');
  scriptHashes[`${script}.cjs`] = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // Unminified, the dev build keeps the JSDoc comments of packages, where import('…') types abound.
  if (!dev && /\bimport\(/.test(text)) throw new Error(`dist/${script}.cjs contains import(), which the launcher cannot run`);
  if (/\bimport_meta\b/.test(text)) throw new Error(`dist/${script}.cjs uses import.meta beyond .filename and .dirname, which CommonJS lacks`);
  // The scripts are handed bin/news.cjs's require (src/launcher.ts), which resolves from bin/:
  // what they require must be a built-in, or a vendor script, which the launcher starts itself.
  for (const [, id] of text.matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (!builtinModules.includes(id.replace(/^node:/, '')) && !id.startsWith('./vendor/')) throw new Error(`dist/${script}.cjs requires "${id}", which the launcher cannot give it`);
  }
}

await build({ ...common, entryPoints: { launcher: 'src/launcher.ts' }, define: { __SCRIPT_HASHES__: JSON.stringify(scriptHashes) } });

const retired = `${outdir}.old-${process.pid}`;
try {
  renameSync(new URL(outdir, root), new URL(retired, root));
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(new URL(staging, root), new URL(outdir, root));
rmSync(new URL(retired, root), { recursive: true, force: true });
