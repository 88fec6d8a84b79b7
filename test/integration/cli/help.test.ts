// The built CLI's help and its answer to typos: every command's one-line summary at the top level,
// every option of a command on a line of its own, and "did you mean" for misspelled options and commands.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCli, runCli } from '../../harness/builtCli';
import type { Command } from '../../../src/cli/command';
import { command as check } from '../../../src/cli/commands/check';
import { command as tables } from '../../../src/cli/commands/tables';
import { command as get } from '../../../src/cli/commands/get';
import { command as query } from '../../../src/cli/commands/query';
import { command as metrics } from '../../../src/cli/commands/metrics';
import { command as cost } from '../../../src/cli/commands/cost';

const commands: Record<string, Command> = { check, tables, get, query, metrics, cost };

before(() => buildCli());

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the top-level help lists every command with its one-line summary; with no command it is a usage error on stderr', async () => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const run = await runCli(argv);
    assert.equal(run.code, 0, argv.join(' '));
    assert.equal(run.stderr, '');
    for (const [name, command] of Object.entries(commands)) {
      assert.match(
        run.stdout,
        new RegExp(`^  ${name} +${escape(command.summary)}$`, 'm'),
        `${argv.join(' ')}: ${name}`,
      );
    }
  }
  const bare = await runCli([]);
  assert.equal(bare.code, 2);
  assert.equal(bare.stdout, '');
  assert.equal(bare.stderr, (await runCli(['--help'])).stdout);
});

test('`help <command>` and `<command> --help` print the same usage with every option the command parses, one line each', async () => {
  for (const [name, command] of Object.entries(commands)) {
    const viaHelp = await runCli(['help', name]);
    const viaFlag = await runCli([name, '--help']);
    assert.equal(viaHelp.code, 0, name);
    assert.equal(viaFlag.code, 0, name);
    assert.equal(viaHelp.stdout, viaFlag.stdout, name);
    const text = viaHelp.stdout;
    assert.ok(text.startsWith(`${command.summary}\n\nUsage: dynamo-guard ${name}`), `${name}:\n${text}`);
    const optionLines = text.split('\n').filter((l) => /^ {2}--/.test(l));
    // One line each: the option, then what it does, on the same line.
    for (const line of optionLines) assert.match(line, /^ {2}--\S+.* \S/, `${name}: ${line}`);
    const listed = optionLines.map((l) => /^ {2}--([a-z-]+)/.exec(l)?.[1]);
    assert.equal(new Set(listed).size, listed.length, `${name}: an option is listed twice`);
    if (command.options) {
      const parsed = Object.keys(command.options).filter((o) => o !== 'help');
      assert.deepEqual([...listed].sort(), [...parsed].sort(), `${name}: the help lists exactly the options it parses`);
    }
  }
});

test('check lists its options in its help, and each one it lists is one its parser takes', async () => {
  const text = (await runCli(['check', '--help'])).stdout;
  const listed = text
    .split('\n')
    .map((l) => /^ {2}--([a-z-]+)/.exec(l)?.[1])
    .filter((o): o is string => o !== undefined);
  for (const option of ['format', 'config', 'fail-on', 'baseline', 'write-baseline', 'workers', 'debug'])
    assert.ok(listed.includes(option), option);
  for (const option of listed) {
    const run = await runCli(['check', `--${option}`]);
    assert.doesNotMatch(run.stderr, /unknown option/, option);
  }
});

test('a misspelled option is a usage error that names the option meant', async () => {
  const cases: Array<[string[], string]> = [
    [
      ['query', 't', '--pk', 'a', '--fromat', 'json'],
      'dynamo-guard query: unknown option --fromat: did you mean --format?',
    ],
    [
      ['query', 't', '--pk', 'a', '--max-item', '2'],
      'dynamo-guard query: unknown option --max-item: did you mean --max-items?',
    ],
    [
      ['query', 't', '--pk', 'a', '--exclusive-start', '{}'],
      'dynamo-guard query: unknown option --exclusive-start: did you mean --exclusive-start-key?',
    ],
    [
      ['get', 't', '--pk', 'a', '--projectoin', 'x'],
      'dynamo-guard get: unknown option --projectoin: did you mean --projection?',
    ],
    [['get', 't', '-pk', 'a'], 'dynamo-guard get: unknown option -pk: did you mean --pk?'],
    [['tables', '--regoin', 'eu-west-1'], 'dynamo-guard tables: unknown option --regoin: did you mean --region?'],
    [
      ['tables', '--endpoint', 'http://localhost:8000'],
      'dynamo-guard tables: unknown option --endpoint: did you mean --endpoint-url?',
    ],
    [['tables', '--Profile', 'dev'], 'dynamo-guard tables: unknown option --Profile: did you mean --profile?'],
    [['metrics', '--tabel', 'orders'], 'dynamo-guard metrics: unknown option --tabel: did you mean --table?'],
    [
      ['metrics', '--fail-on-throttel'],
      'dynamo-guard metrics: unknown option --fail-on-throttel: did you mean --fail-on-throttle?',
    ],
    [['cost', '--no-cahce'], 'dynamo-guard cost: unknown option --no-cahce: did you mean --no-cache?'],
    [['check', '--fial-on', 'error'], 'dynamo-guard check: unknown option --fial-on: did you mean --fail-on?'],
    [['check', '--basline', 'b.json'], 'dynamo-guard check: unknown option --basline: did you mean --baseline?'],
    [
      ['query', 't', '--pk', 'a', '--zzz'],
      'dynamo-guard query: unknown option --zzz (see `dynamo-guard query --help`)',
    ],
  ];
  for (const [argv, line] of cases) {
    const run = await runCli(argv);
    assert.deepEqual(
      { code: run.code, stdout: run.stdout, stderr: run.stderr },
      { code: 2, stdout: '', stderr: `${line}\n` },
      argv.join(' '),
    );
  }
});

test('an unknown command is a usage error that names the command meant, also after `help`', async () => {
  const list = 'Commands: check, tables, get, query, metrics, cost.';
  const cases: Array<[string[], string]> = [
    [['tabels'], `dynamo-guard: unknown command "tabels": did you mean tables? ${list}`],
    [['qurey', 't'], `dynamo-guard: unknown command "qurey": did you mean query? ${list}`],
    [['chek', '.'], `dynamo-guard: unknown command "chek": did you mean check? ${list}`],
    [['hepl'], `dynamo-guard: unknown command "hepl": did you mean help? ${list}`],
    [['help', 'metric'], `dynamo-guard: unknown command "metric": did you mean metrics? ${list}`],
    [['deploy'], `dynamo-guard: unknown command "deploy". ${list}`],
  ];
  for (const [argv, line] of cases) {
    const run = await runCli(argv);
    assert.deepEqual(
      { code: run.code, stdout: run.stdout, stderr: run.stderr },
      { code: 2, stdout: '', stderr: `${line}\n` },
      argv.join(' '),
    );
  }
});
