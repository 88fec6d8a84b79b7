// Builds every bundle: the extension host entry, the lazily loaded core bundles (analyzer, AWS),
// the CLI, and the browser scripts of the query panel and of the table dashboard. `--production` minifies; `--watch` rebuilds.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Heavy parts of core (TypeScript parser, AWS SDK) are loaded with `await import(...)` from the
// extension and the CLI. Source code imports them normally; here those dynamic imports become
// references to sibling bundles so that activation and `check` never pay for what they do not use.
const lazyBundles = {
  'src/core/entries/analyzer': './analyzer.js',
  'src/core/entries/aws': './aws.js',
};
const lazyPlugin = {
  name: 'lazy-core-bundles',
  setup(build) {
    build.onResolve({ filter: /entries\/(analyzer|aws)(\.js|\.ts)?$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const resolved = path.relative(__dirname, path.resolve(args.resolveDir, args.path)).replace(/\\/g, '/').replace(/\.(js|ts)$/, '');
      const target = lazyBundles[resolved];
      return target ? { path: target, external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  sourcemap: true,
  // Shipped maps keep positions, not the sources (TypeScript's alone would double the .vsix).
  sourcesContent: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __DYNAMO_GUARD_VERSION__: JSON.stringify(require('./package.json').version) },
};
// Lazy bundles are loaded with require() (wrapped in a promise): the extension host and Node both support it everywhere.
const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20', plugins: [lazyPlugin], mainFields: ['module', 'main'], supported: { 'dynamic-import': false } };

const entries = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  { ...nodeCommon, entryPoints: { analyzer: 'src/core/entries/analyzer.ts' } },
  { ...nodeCommon, entryPoints: { aws: 'src/core/entries/aws.ts' } },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  // The query panel: its script and stylesheet, with the codicon font beside them (loaded by the CSS).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { webview: 'src/webview/main.ts' }, loader: { '.ttf': 'file' }, assetNames: '[name]' },
  // The table dashboard: its own script and stylesheet, uPlot bundled in (canvas charts, no eval).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { dashboard: 'src/webview/dashboard/main.ts' } },
].filter((e) => Object.values(e.entryPoints).every((p) => fs.existsSync(path.join(__dirname, p))))
  .map((e) => ({ ...e, outdir: 'dist' }));

async function main() {
  if (watch) {
    const contexts = await Promise.all(entries.map((e) => esbuild.context(e)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log(`[watch] building ${entries.length} bundles`);
    return;
  }
  await Promise.all(entries.map((e) => esbuild.build(e)));
  const cli = path.join(__dirname, 'dist', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
