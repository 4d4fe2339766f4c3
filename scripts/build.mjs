// Bundles the command line into dist/ so that start-up reads a few files instead of hundreds of
// modules. Runs on `npm install` (prepare) and before the tests.
import { readFile } from 'node:fs/promises';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

// `--dev` builds an unminified copy in dist-dev/ for profiling, leaving dist/ alone.
const dev = process.argv.includes('--dev');
const outdir = dev ? 'dist-dev' : 'dist';

// Built beside the old output and swapped in at the end, so that a `news` started during a
// build (a test, a second terminal) finds either the old bundle or the new one, never neither.
const staging = `${outdir}.building-${process.pid}`;
rmSync(new URL(staging, root), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: { news: 'src/bin.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Node 20 has RegExp /v; without this esbuild rewrites such literals as new RegExp(), which
  // compiles them (the emoji table is ~15 ms) at start-up instead of on first use.
  supported: { 'regexp-set-notation': true },
  minify: !dev,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __NEWS_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies call require() for Node built-ins, and use __filename.
  banner: {
    js: "import{createRequire as __newsRequire}from'node:module';import{fileURLToPath as __newsPath}from'node:url';const require=__newsRequire(import.meta.url),__filename=__newsPath(import.meta.url);",
  },
  plugins: [
    {
      // Modules that dependencies import but the reader never uses; each costs start-up time.
      // scripts/stubs/ says why for each.
      name: 'unused-at-run-time',
      setup(pluginBuild) {
        const stub = (file) => ({ path: new URL(`scripts/stubs/${file}`, root).pathname });
        pluginBuild.onResolve({ filter: /^#supports-color$/ }, () => stub('supports-color.mjs'));
        pluginBuild.onResolve({ filter: /^supports-hyperlinks$/ }, () => stub('supports-hyperlinks.cjs'));
        pluginBuild.onResolve({ filter: /^node:child_process$/ }, ({ importer }) => (importer.includes('commander') ? stub('child-process.cjs') : undefined));
        pluginBuild.onResolve({ filter: /^cli-highlight$/ }, () => stub('cli-highlight.mjs'));
        // string-width makes an Intl.Segmenter when imported (~10 ms of ICU loading); the reader
        // measures most text without it, so make it on first use instead.
        const stringWidthPath = new URL('node_modules/string-width/index.js', root).pathname;
        pluginBuild.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => {
          if (path !== stringWidthPath) return undefined; // cli-table3's older copy has no segmenter
          const source = await readFile(path, 'utf8');
          const eager = 'const segmenter = new Intl.Segmenter();';
          if (!source.includes(eager)) throw new Error(`string-width changed: ${eager} not found; update scripts/build.mjs`);
          const lazy = 'let eagerSegmenter; const segmenter = { segment: (text) => (eagerSegmenter ??= new Intl.Segmenter()).segment(text) };';
          return { contents: source.replace(eager, lazy), loader: 'js' };
        });
        pluginBuild.onResolve({ filter: /^node-emoji$/ }, ({ importer }) => (importer.includes('marked-terminal') ? stub('node-emoji.mjs') : undefined));
      },
    },
  ],
});

if (dev) writeFileSync(new URL(`${staging}/launch.js`, root), "import { run } from './news.js';\nawait run();\n");
const retired = `${outdir}.old-${process.pid}`;
try {
  renameSync(new URL(outdir, root), new URL(retired, root));
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(new URL(staging, root), new URL(outdir, root));
rmSync(new URL(retired, root), { recursive: true, force: true });
