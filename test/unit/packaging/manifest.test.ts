// package.json as the Marketplace, Open VSX and npm read it: the icon, the links, nothing to install,
// and a walkthrough whose every step has its media and completes on something the extension does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}
interface Manifest {
  private?: boolean;
  icon: string;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
  galleryBanner: { color: string; theme: string };
  engines: { node: string; vscode: string };
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; steps: Step[] }[];
  };
}

const root = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

test('has what the galleries show: a 128x128 PNG icon, banner, repository, homepage and issues', () => {
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.equal(manifest.repository.url, 'https://github.com/dynamo-guard/dynamo-guard.git');
  assert.match(manifest.homepage, /^https:\/\/github\.com\/dynamo-guard\/dynamo-guard/);
  assert.equal(manifest.bugs.url, 'https://github.com/dynamo-guard/dynamo-guard/issues');
});

test('packs with plain commands: builds before packing and has no runtime dependencies to install', () => {
  assert.equal(manifest.private, undefined);
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'esbuild bundles every library');
  assert.match(manifest.scripts['vscode:prepublish'] ?? '', /esbuild\.js --production/);
  assert.match(manifest.scripts.prepack ?? '', /esbuild\.js --production/);
  assert.equal(manifest.scripts.package, 'vsce package');
  assert.match(manifest.engines.node, /^>=\d+/);
});

test('the walkthrough: every step has its media and completes on a declared command, view or context key', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough, 'a walkthrough is contributed');
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['connect', 'tables', 'finding', 'query'],
  );
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const views = new Set(
    Object.values(manifest.contributes.views)
      .flat()
      .map((v) => v.id),
  );
  // A view's focus command exists for each declared view.
  const known = (command: string) =>
    commands.has(command) || (command.endsWith('.focus') && views.has(command.slice(0, -'.focus'.length)));
  const extensionSource = readdirSync(join(root, 'src/extension'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, 'src/extension', f), 'utf8'))
    .join('\n');
  for (const step of walkthrough.steps) {
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && existsSync(join(root, media)), `${step.id}: media ${media} exists`);
    if (step.media.image) assert.ok(step.media.altText, `${step.id}: an image has alt text`);
    assert.ok(step.completionEvents.length > 0, `${step.id}: completes on something`);
    for (const event of step.completionEvents) {
      const [kind, target] = event.split(/:(.*)/) as [string, string];
      if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${event} is a declared command`);
      else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${event} is a declared view`);
      else if (kind === 'onContext')
        assert.match(
          extensionSource,
          new RegExp(`'setContext',\\s*'${target.replace(/\./g, '\\.')}'`),
          `${step.id}: the extension sets ${target}`,
        );
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
    for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g))
      assert.ok(known(command as string), `${step.id}: links to ${command}, which exists`);
  }
});
