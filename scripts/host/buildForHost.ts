// Builds what a VS Code host installs: the production extension packaged as a .vsix, the compiled
// extension-host suites, and the small test-driver extension that runs them inside code-server.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './codeServer';

const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');

/** The production bundles in dist/, as they ship. */
export function buildProduction(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js'), '--production'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

/**
 * The .vsix as `vsce package` makes it for a release (its `vscode:prepublish` builds the production
 * bundles). Without the type-check: `npm test` has its own stage for it, and the demo needs only the bundles.
 */
export function packageExtension(outFile: string): string {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const env = { ...process.env, DYNAMO_GUARD_SKIP_TYPECHECK: '1' };
  execFileSync(process.execPath, [vsce, 'package', '--out', outFile], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outFile;
}

/** Compiles the host suites: `*.test.ts`, `*.bench.ts` and `*.scene.ts` files of the given folders (the repo's test/extension/suite by default). */
export async function buildHostSuites(
  outDir: string,
  suiteDirs: string[] = [path.join(repoRoot, 'test/extension/suite')],
): Promise<string> {
  const suites = suiteDirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => /\.(test|bench|scene)\.ts$/.test(f))
      .map((f) => path.join(dir, f)),
  );
  fs.rmSync(outDir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'typescript'],
    logLevel: 'warning',
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(repoRoot, 'test/extension/index.ts')],
    outfile: path.join(outDir, 'index.js'),
  });
  await esbuild.build({
    ...common,
    entryPoints: suites.map((file) => ({ in: file, out: path.basename(file, '.ts') })),
    outdir: path.join(outDir, 'suite'),
  });
  // Suites resolve `mocha` and `typescript` (whose lib .d.ts files sit beside it) from the repo's
  // node_modules, so they must live inside the repo.
  return path.join(outDir, 'index.js');
}

export async function packageDriver(outDir: string): Promise<string> {
  const src = path.join(repoRoot, 'test/extension/driver');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(path.join(src, 'package.json'), path.join(outDir, 'package.json'));
  fs.writeFileSync(
    path.join(outDir, 'README.md'),
    '# Dynamo Guard test driver\n\nRuns the extension-host suites inside code-server.\n',
  );
  fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(outDir, 'LICENSE'));
  fs.writeFileSync(path.join(outDir, '.vscodeignore'), '*.map\n');
  await esbuild.build({
    entryPoints: [path.join(src, 'driver.ts')],
    outfile: path.join(outDir, 'driver.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const vsix = path.join(path.dirname(outDir), 'dynamo-guard-test-driver.vsix');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
    cwd: outDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}
