// `npm run screenshots`: takes the README's pictures in the real host (code-server through the host
// launcher) into test-results/screenshots/: the scenes of test/extension/scenes (what `npm run demo`
// shows) and the suites' steps that set up a picture (`readmePicture` in test/extension/page.ts),
// which take it only here. Check the pictures, then copy the ones you want into docs/images/.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './codeServer';

const pictures = [
  'README scenes', // workbench.png, query-panel.png (+ light, high contrast)
  'hover on screen', // hover.png
  'shows a throttled status bar item', // tables-view.png
  'opens a table dashboard', // dashboard.png
  'high-contrast theme', // dashboard-hc.png
];
const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    path.join(repoRoot, 'scripts/host/runExtensionTests.ts'),
    '--suites',
    'test/extension/suite',
    '--suites',
    'test/extension/scenes',
    '--result',
    path.join(repoRoot, 'test-results/screenshots.json'),
  ],
  {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      DYNAMO_GUARD_SCREENSHOTS: '1',
      DYNAMO_GUARD_TEST_GREP: pictures.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    },
  },
);
if (run.status === 0) console.log(`pictures in ${path.join(repoRoot, 'test-results/screenshots')}`);
process.exit(run.status ?? 1);
