// Builds every bundle: the extension host entry, the lazily loaded core bundles (analyzer, AWS),
// the CLI, and the browser scripts of the query panel and of the table dashboard, then
// ThirdPartyNotices.txt for the packages they contain. `--production` minifies and writes no source
// maps; `--watch` rebuilds; `--typecheck` runs `tsc --noEmit` first and stops on a type error
// (esbuild only strips types), unless DYNAMO_GUARD_SKIP_TYPECHECK=1 says the caller has already checked.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

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
      const resolved = path
        .relative(__dirname, path.resolve(args.resolveDir, args.path))
        .replace(/\\/g, '/')
        .replace(/\.(js|ts)$/, '');
      const target = lazyBundles[resolved];
      return target ? { path: target, external: true } : undefined;
    });
  },
};

// web-tree-sitter's ES module build finds its files through `import.meta.url`, which a CommonJS
// bundle does not have; its CommonJS build uses `__dirname`, and the parser passes the .wasm path anyway.
const treeSitterCjsPlugin = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({
      path: path.join(__dirname, 'node_modules/web-tree-sitter/tree-sitter.cjs'),
    }));
  },
};

// `import * as ts from 'typescript'` of a CommonJS package makes esbuild copy the module into a
// namespace object of getters, once per importing file (~2,200 properties each), and every `ts.X`
// then calls a getter (which calls TypeScript's own export getter). Our sources get a module of
// plain named exports instead, read once from the real one: `ts.isIdentifier` becomes a direct
// reference, and TypeScript is still bundled, once. Each export reads its value in a pure call, so
// esbuild drops the exports no source uses.
const TS_FLAT = 'typescript-flat';
const typescriptFlatPlugin = {
  name: 'typescript-flat',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) => {
      if (args.namespace === TS_FLAT || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return { path: 'typescript', namespace: TS_FLAT };
    });
    build.onLoad({ filter: /.*/, namespace: TS_FLAT }, () => {
      const names = Object.keys(require('typescript')).filter(
        (n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default' && isBindableName(n),
      );
      return {
        contents: `const ts = require('typescript');\n${names.map((n) => `export const ${n} = /* @__PURE__ */ (() => ts.${n})();`).join('\n')}\nexport default ts;\n`,
        resolveDir: __dirname,
        loader: 'js',
      };
    });
  },
};

/** Whether a name can be a `const` binding (not a reserved word). */
function isBindableName(name) {
  try {
    new Function(`const ${name} = 0;`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The esbuild options of every bundle. Production bundles carry no source maps: without their
 * sources they would only serve us, and a release's maps can be rebuilt from its tag.
 */
function bundleOptions({ production = false, outdir = path.join(__dirname, 'dist') } = {}) {
  const common = {
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
    absWorkingDir: __dirname,
    define: {
      __DYNAMO_GUARD_VERSION__: JSON.stringify(require('./package.json').version),
      __DYNAMO_GUARD_NODE_ENGINES__: JSON.stringify(require('./package.json').engines.node),
      // The SDK warns on Node < 22 that its releases after January 2027 will need Node 22. The
      // bundled copy is pinned, so the notice does not apply to it; `engines` states what we support.
      'process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED': '"true"',
    },
  };
  // Lazy bundles are loaded with require() (wrapped in a promise): the extension host and Node both support it everywhere.
  const nodeCommon = {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [lazyPlugin, treeSitterCjsPlugin, typescriptFlatPlugin],
    mainFields: ['module', 'main'],
    supported: { 'dynamic-import': false },
  };
  return [
    { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
    { ...nodeCommon, entryPoints: { analyzer: 'src/core/entries/analyzer.ts' } },
    { ...nodeCommon, entryPoints: { aws: 'src/core/entries/aws.ts' } },
    { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
    // The query panel: its script and stylesheet, with the codicon font beside them (loaded by the CSS).
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      entryPoints: { webview: 'src/webview/main.ts' },
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
    },
    // The table dashboard: its own script and stylesheet, uPlot bundled in (canvas charts, no eval).
    {
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      entryPoints: { dashboard: 'src/webview/dashboard/main.ts' },
    },
    // The Python parser's WebAssembly (runtime and grammar), read beside the bundle by src/core/python/parser.ts;
    // copied by esbuild so that the metafile, and so ThirdPartyNotices.txt, name their packages.
    {
      ...common,
      sourcemap: false,
      entryPoints: {
        'tree-sitter': 'node_modules/web-tree-sitter/tree-sitter.wasm',
        'tree-sitter-python': 'node_modules/tree-sitter-python/tree-sitter-python.wasm',
      },
      loader: { '.wasm': 'copy' },
    },
  ]
    .filter((e) => Object.values(e.entryPoints).every((p) => fs.existsSync(path.join(__dirname, p))))
    .map((e) => ({ ...e, outdir }));
}

/** The folder of the npm package an esbuild input path (relative to this folder) belongs to. */
function packageDirOf(input) {
  const parts = input.split('?')[0].split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const depth = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + depth).join('/');
}

const LICENSE_FILE = /^(licen[cs]e|copying)([-.][\w.-]+)?$/i;
// NOTICE (Apache-2.0) and the notices a package keeps for what it bundles itself (TypeScript).
const NOTICE_FILE = /^(notice|third-?party-?notices?(-?text)?)(\.[a-z]+)?$/i;

/** Every package whose files the bundles contain: name, version, license and the texts to reproduce. */
function bundledPackages(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const dir = packageDirOf(input);
      if (dir) dirs.add(dir);
    }
  }
  const packages = new Map();
  for (const dir of dirs) {
    const abs = path.join(__dirname, dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (packages.has(id)) continue;
    const files = fs.readdirSync(abs).sort();
    const read = (pattern) =>
      files.filter((f) => pattern.test(f)).map((f) => fs.readFileSync(path.join(abs, f), 'utf8').trim());
    const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    packages.set(id, {
      name: manifest.name,
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN'),
      ...(repository || manifest.homepage ? { url: (repository ?? manifest.homepage).replace(/^git\+/, '') } : {}),
      licenseTexts: read(LICENSE_FILE),
      noticeTexts: read(NOTICE_FILE),
    });
  }
  return [...packages.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1,
  );
}

/**
 * ThirdPartyNotices.txt: one section per bundled package with its license file and notices. A
 * license text already given in full is referred to, not repeated; a package that ships no license
 * file is referred to the text of its SPDX license given for another package.
 */
function thirdPartyNotices(packages) {
  const rule = '-'.repeat(78);
  const firstWithText = new Map();
  const firstWithLicense = new Map();
  const sections = packages
    .map((p) => {
      const id = `${p.name}@${p.version}`;
      const texts = p.licenseTexts.map((text) => {
        const earlier = firstWithText.get(text);
        if (earlier) return `License text: the same as for ${earlier} above.`;
        firstWithText.set(text, id);
        if (!firstWithLicense.has(p.license)) firstWithLicense.set(p.license, id);
        return text;
      });
      return { p, id, texts };
    })
    .map(({ p, id, texts }) =>
      [
        rule,
        `${id} (${p.license})`,
        ...(p.url ? [p.url] : []),
        '',
        ...(texts.length > 0
          ? texts
          : [
              `The package ships no license file; it is licensed under ${p.license}${firstWithLicense.has(p.license) ? `, whose text is given for ${firstWithLicense.get(p.license)}` : ''}.`,
            ]),
        ...p.noticeTexts.flatMap((t) => ['', t]),
        '',
      ].join('\n'),
    );
  return [
    'Dynamo Guard: third-party notices',
    '',
    'The bundles of Dynamo Guard (dist/*.js, dist/webview.css, dist/codicon.ttf, dist/*.wasm) contain',
    'code and assets of the packages below, each under the license given with it.',
    '',
    ...sections,
  ].join('\n');
}

/** Builds every bundle once and writes the notices beside package.json; returns the metafiles. */
async function buildAll({
  production = false,
  outdir = path.join(__dirname, 'dist'),
  noticesFile = path.join(__dirname, 'ThirdPartyNotices.txt'),
} = {}) {
  const results = await Promise.all(bundleOptions({ production, outdir }).map((e) => esbuild.build(e)));
  const metafiles = results.map((r) => r.metafile);
  // Only this build's files stay: a production package must never pick up a development build's
  // source maps. Stale files go after the build, so the folder is never empty while a program that
  // another process started runs from it.
  const written = new Set(metafiles.flatMap((m) => Object.keys(m.outputs)).map((f) => path.resolve(__dirname, f)));
  for (const entry of fs.existsSync(outdir) ? fs.readdirSync(outdir) : []) {
    const file = path.join(outdir, entry);
    if (!written.has(path.resolve(file))) fs.rmSync(file, { recursive: true, force: true });
  }
  fs.writeFileSync(noticesFile, thirdPartyNotices(bundledPackages(metafiles)));
  const cli = path.join(outdir, 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
  return metafiles;
}

/** `tsc -p . --noEmit`; exits with its status when the sources do not type-check. */
function typecheck() {
  const tsc = require.resolve('typescript/bin/tsc');
  const r = require('node:child_process').spawnSync(process.execPath, [tsc, '-p', __dirname, '--noEmit'], {
    cwd: __dirname,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('build stopped: the sources do not type-check (tsc -p . --noEmit)');
    process.exit(r.status ?? 1);
  }
}

async function main() {
  const production = process.argv.includes('--production');
  if (process.argv.includes('--typecheck') && process.env.DYNAMO_GUARD_SKIP_TYPECHECK !== '1') typecheck();
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all(bundleOptions({ production }).map((e) => esbuild.context(e)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log(`[watch] building ${contexts.length} bundles`);
    return;
  }
  await buildAll({ production });
}

module.exports = { bundleOptions, bundledPackages, thirdPartyNotices, buildAll };

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
