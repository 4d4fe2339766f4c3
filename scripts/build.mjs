// Bundles the command line into dist/ so that start-up reads a few files instead of hundreds of
// modules. Runs on `npm install` (prepare) and before the tests.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

rmSync(new URL('dist', root), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('.', root).pathname,
  entryPoints: { news: 'src/bin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __NEWS_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies call require() for Node built-ins, and use __filename.
  banner: {
    js: "import{createRequire as __newsRequire}from'node:module';import{fileURLToPath as __newsPath}from'node:url';const require=__newsRequire(import.meta.url),__filename=__newsPath(import.meta.url);",
  },
  plugins: [
    {
      name: 'no-syntax-highlighting',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^cli-highlight$/ }, () => ({ path: new URL('scripts/stubs/cli-highlight.mjs', root).pathname }));
        pluginBuild.onResolve({ filter: /^node-emoji$/ }, ({ importer }) =>
          importer.includes('marked-terminal') ? { path: new URL('scripts/stubs/node-emoji.mjs', root).pathname } : undefined,
        );
      },
    },
  ],
});
