// The analyzer in the real host: exact diagnostics for fixture files (open and background), every
// quick fix applied with the text it produces type-checked by TypeScript, and hovers priced from a
// DynamoDB Local table plus the live metrics the Tables view polled from a CloudWatch stand-in. What
// it waits on is what a person sees: diagnostics, code actions, hovers, and the extension's log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { minutePoints, startCloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { typeCheck } from '../../harness/typeCheck';
import { extensionLog } from '../hostLog';
import { page, readmePicture } from '../page';
import { until as waitUntil } from '../until';

const TABLE = 'editor-orders';
const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
const conn = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

const root = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
const uriOf = (rel: string) => vscode.Uri.file(path.join(root(), rel));
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dynamo-guard');

/** This suite's waits: 30 s at most, polling every 100 ms. */
const until = <T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> => waitUntil(what, probe, timeoutMs, 100);

/** Opens a fixture (each has one finding) and waits until its current version's finding is in. */
async function open(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  const editor = await vscode.window.showTextDocument(doc);
  await settled(doc, 1);
  return { doc, editor };
}

/**
 * Waits until the document shows `count` diagnostics of its current text, and returns them. Our code
 * actions answer only for the findings of the document's current version, so when there are some,
 * the rule-doc action offered on the first says the diagnostics shown are not an earlier text's.
 */
async function settled(doc: vscode.TextDocument, count: number): Promise<vscode.Diagnostic[]> {
  return until(`${count} diagnostic(s) of version ${doc.version} of ${path.basename(doc.uri.fsPath)}`, async () => {
    const shown = ours(doc.uri);
    if (shown.length !== count) return false;
    if (count === 0) return shown;
    return (
      (await quickFixes(doc.uri, shown[0] as vscode.Diagnostic)).some((a) =>
        a.title.startsWith('Open the documentation of rule'),
      ) && shown
    );
  });
}

/** Runs Analyze Workspace as the palette does; resolves once its pass is done. */
async function analyzeWorkspace(): Promise<void> {
  await vscode.commands.executeCommand('dynamoGuard.analyzeWorkspace');
}

/** The log's lines of full workspace passes: one when a pass starts, one per folder when it finishes. */
function passesLogged(): { started: string[]; finished: string[] } {
  const lines = (extensionLog() ?? '').split('\n');
  const folder = path.basename(root());
  return {
    started: lines.filter((l) => l.includes('workspace analysis: full pass started')),
    finished: lines.filter((l) => l.includes(`workspace analysis of ${folder}: `)),
  };
}

/**
 * Runs Analyze Workspace and gives back the pass lines it added to the log, once a finished pass is
 * logged and the count has stopped changing (the log is written behind the command's answer).
 */
async function analyzeWorkspaceLogged(): Promise<{ started: string[]; finished: string[] }> {
  const before = passesLogged();
  await analyzeWorkspace();
  const added = () => {
    const now = passesLogged();
    return { started: now.started.slice(before.started.length), finished: now.finished.slice(before.finished.length) };
  };
  await until('the pass in the log', () => added().finished.length > 0);
  let last = '';
  let quiet = 0;
  await waitUntil(
    "the log's pass lines to stop changing",
    () => {
      const now = JSON.stringify(added());
      quiet = now === last ? quiet + 1 : 0;
      last = now;
      return quiet >= 12;
    },
    60_000,
    250,
  );
  return added();
}

/** Puts the fixture back as it is on disk (an edit, then a save of the same text) and waits for its one finding. */
async function restore(doc: vscode.TextDocument): Promise<void> {
  const original = fs.readFileSync(doc.uri.fsPath, 'utf8');
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }
  if (doc.isDirty) await doc.save();
  await settled(doc, 1);
}

const OUR_TITLES = /^(Query index |Read every page|Shard writes |Ignore this line |Open the documentation of rule )/;

/** Our quick fixes for a diagnostic, as VS Code collects them from every provider (TypeScript's too). */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // The command returns the actions without their `diagnostics`, so ours are told apart by title.
  return all.filter((a) => OUR_TITLES.test(a.title));
}

/** Opens a fixture and applies the quick fix whose title starts with `titleStart` to its first diagnostic. */
async function applyQuickFix(rel: string, titleStart: string): Promise<vscode.TextDocument> {
  const { doc } = await open(rel);
  const action = (await quickFixes(doc.uri, ours(doc.uri)[0] as vscode.Diagnostic)).find((a) =>
    a.title.startsWith(titleStart),
  );
  assert.ok(action?.edit && (await vscode.workspace.applyEdit(action.edit)), `quick fix "${titleStart}…" applied`);
  return doc;
}

/** The fixed text is exactly `expected`, and TypeScript compiles it against the real @aws-sdk declarations. */
function assertCompiles(doc: vscode.TextDocument, expected: string): void {
  assert.equal(doc.getText(), expected);
  assert.deepEqual(typeCheck({ [path.basename(doc.uri.fsPath)]: doc.getText() }), []);
}

function describeDiagnostic(doc: vscode.TextDocument, d: vscode.Diagnostic) {
  const code = d.code as { value: string; target: vscode.Uri };
  return {
    text: doc.getText(d.range),
    start: [d.range.start.line, d.range.start.character],
    severity: vscode.DiagnosticSeverity[d.severity],
    rule: code.value,
    doc: path.relative(path.dirname(path.dirname(code.target.fsPath)), code.target.fsPath),
    message: d.message,
    related: d.relatedInformation?.map((r) => ({
      file: path.relative(root(), r.location.uri.fsPath),
      range: [
        r.location.range.start.line,
        r.location.range.start.character,
        r.location.range.end.line,
        r.location.range.end.character,
      ],
      message: r.message,
    })),
  };
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  // Names and values in the hover are backslash-escaped (core/markdownText): compare what they show.
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .filter((t) => t.includes('Dynamo Guard'))
    .join('\n\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const OPEN_ORDERS = `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function ordersWithStatus(status: string) {
  const out = await client.send(new ScanCommand({ TableName: 'editor-orders', FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: status } } }));
  return out.Items ?? [];
}
`;

const TEMPLATE_DEFINITION = {
  file: 'template.yaml',
  range: [3, 2, 27, 0],
  message: 'Table editor-orders is defined here (cloudformation).',
};

describe('editor analyzer: diagnostics', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports a Scan with the GSI to query instead, linked to the rule doc and to the table definition', async () => {
    const { doc } = await open('src/orders/openOrders.ts');
    assert.equal(doc.getText(), OPEN_ORDERS);
    assert.deepEqual(
      ours(doc.uri).map((d) => describeDiagnostic(doc, d)),
      [
        {
          text: 'ScanCommand',
          start: [5, 36],
          severity: 'Warning',
          rule: 'scan',
          doc: path.join('rules', 'scan.md'),
          message:
            'Scan of table editor-orders reads every item on every call and consumes read capacity for all of it, however few items the filter keeps. The filter on "status" is the partition key of index byStatus: Query index byStatus instead.',
          related: [TEMPLATE_DEFINITION],
        },
      ],
    );
  });

  it('reports a single-value partition key at the severity dynamo-guard.config.json gives the rule', async () => {
    const { doc } = await open('src/orders/events.ts');
    assert.deepEqual(
      ours(doc.uri).map((d) => describeDiagnostic(doc, d)),
      [
        {
          text: "'EVENTS'",
          start: [6, 74],
          severity: 'Error',
          rule: 'single-value-partition-key',
          doc: path.join('rules', 'single-value-partition-key.md'),
          message:
            'Partition key "PK" of table editor-orders is always "EVENTS": every call writes to the same partition, and one partition serves at most 1,000 WCU / 3,000 RCU per second.',
          related: [TEMPLATE_DEFINITION],
        },
      ],
    );
  });

  it('analyzes the whole workspace in a worker thread: unopened files get diagnostics, allowed scans are info, ignored files none', async function () {
    if (!process.env.DYNAMO_GUARD_TEST_LOGS) this.skip();
    const [line] = (await analyzeWorkspaceLogged()).finished;
    const run = / (\d+) analyzed \((\d+) in a worker thread\), /.exec(line ?? '');
    assert.ok(run, `a full pass of the folder is logged: ${line}`);
    assert.ok(Number(run[1]) > 0, line);
    assert.equal(run[2], run[1], 'every file was analyzed off the extension host thread');
    const summary = (rel: string) =>
      ours(uriOf(rel)).map(
        (d) => `${d.range.start.line}:${vscode.DiagnosticSeverity[d.severity]}:${(d.code as { value: string }).value}`,
      );
    assert.deepEqual(summary('src/reports/weekly.ts'), ['4:Warning:scan']);
    assert.deepEqual(
      summary('scripts/backfill.ts'),
      ['4:Information:scan'],
      'allowScans in the default config covers scripts/**',
    );
    assert.deepEqual(summary('src/generated/client.ts'), [], 'ignored by dynamo-guard.config.json');
    assert.deepEqual(summary('tmp/scratch.ts'), [], 'ignored by .gitignore');
    // Every finding on the table, as the Problems panel lists them.
    const onTable = vscode.languages
      .getDiagnostics()
      .flatMap(([uri, ds]) =>
        ds
          .filter((d) => d.source === 'dynamo-guard' && d.message.includes(`table ${TABLE} `))
          .map(
            (d) =>
              `${path.relative(root(), uri.fsPath)}:${d.range.start.line + 1} ${(d.code as { value: string }).value}`,
          ),
      );
    assert.deepEqual(onTable.sort(), [
      'scripts/backfill.ts:5 scan',
      'src/orders/events.ts:7 single-value-partition-key',
      'src/orders/openOrders.ts:6 scan',
      'src/reports/weekly.ts:5 scan',
    ]);
  });

  it('runs one full pass per Analyze Workspace, not a second that supersedes the first', async function () {
    if (!process.env.DYNAMO_GUARD_TEST_LOGS) this.skip();
    await analyzeWorkspaceLogged();
    const { started, finished } = await analyzeWorkspaceLogged();
    assert.equal(started.length, 1, `one pass started: ${JSON.stringify(started)}`);
    assert.doesNotMatch(started[0] ?? '', /superseding/);
    assert.equal(finished.length, 1, `one pass finished: ${JSON.stringify(finished)}`);
  });

  it('picks up files created, changed and deleted on disk', async () => {
    await analyzeWorkspace();
    const file = path.join(root(), 'src', 'reports', 'daily.ts');
    const uri = vscode.Uri.file(file);
    fs.writeFileSync(
      file,
      "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const daily = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: 'editor-orders' }));\n",
    );
    await until('a diagnostic for the new file', () => ours(uri).length === 1);
    fs.writeFileSync(file, "export const daily = () => 'nothing to see';\n");
    await until('the diagnostic to go after the change', () => ours(uri).length === 0);
    fs.writeFileSync(
      file,
      "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const daily = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: 'editor-orders' }));\n",
    );
    await until('the diagnostic to come back', () => ours(uri).length === 1);
    fs.rmSync(file);
    await until('the diagnostic to go with the file', () => ours(uri).length === 0);
    assert.ok(
      !vscode.languages.getDiagnostics().some(([u, ds]) => u.fsPath === file && ds.length > 0),
      'nothing left of the deleted file',
    );
  });

  it('drops the findings of the files under a folder deleted on disk', async () => {
    const dir = path.join(root(), 'src', 'retired');
    const files = [path.join(dir, 'export.ts'), path.join(dir, 'jobs', 'purge.ts')];
    fs.mkdirSync(path.join(dir, 'jobs'), { recursive: true });
    // A table of its own: the other tests count the findings on editor-orders.
    for (const file of files)
      fs.writeFileSync(
        file,
        "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const all = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: 'editor-retired' }));\n",
      );
    await analyzeWorkspace();
    for (const file of files)
      await until(`a diagnostic for ${path.basename(file)}`, () => ours(vscode.Uri.file(file)).length === 1);
    // The watcher reports the folder once, not each file in it.
    fs.rmSync(dir, { recursive: true, force: true });
    for (const file of files)
      await until(
        `the diagnostic of ${path.basename(file)} to go with its folder`,
        () => ours(vscode.Uri.file(file)).length === 0,
      );
  });

  it('never publishes a superseded analysis: fast edits end with the findings of the last text', async () => {
    const { doc, editor } = await open('src/orders/openOrders.ts');
    // Edits faster than the debounce, each superseding the last, then one that removes the Scan.
    for (let i = 0; i < 6; i++)
      await editor.edit((b) => b.insert(doc.positionAt(doc.getText().indexOf('new ScanCommand')), ' '));
    const at = doc.getText().indexOf('new ScanCommand');
    await editor.edit((b) =>
      b.replace(
        new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'new ScanCommand'.length)),
        'new QueryCommand',
      ),
    );
    assert.deepEqual(await settled(doc, 0), [], 'the last text has no Scan');
    await restore(doc);
    assert.equal(ours(doc.uri).length, 1);
  });
});

describe("editor analyzer: the project's wrappers", () => {
  const repo = 'src/passes/passRepo.ts';
  const caller = 'src/passes/activePasses.ts';
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root(), 'src', 'passes'), { recursive: true, force: true });
  });

  it('reports a call of an imported Scan wrapper at the call site of an open file that names no DynamoDB API', async () => {
    fs.mkdirSync(path.join(root(), 'src', 'passes'), { recursive: true });
    fs.writeFileSync(
      path.join(root(), repo),
      "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport async function listPasses(table: string) {\n  return client.send(new ScanCommand({ TableName: table }));\n}\n",
    );
    fs.writeFileSync(
      path.join(root(), caller),
      "import { listPasses } from './passRepo';\nexport async function activePasses() {\n  return listPasses('editor-orders');\n}\n",
    );
    // A full pass learns the wrapper names, whether or not the file watcher has seen the new files yet.
    await vscode.commands.executeCommand('dynamoGuard.analyzeWorkspace');
    const doc = await vscode.workspace.openTextDocument(uriOf(caller));
    await vscode.window.showTextDocument(doc);
    const [d] = await until('a diagnostic at the wrapper call', () => ours(doc.uri).length === 1 && ours(doc.uri));
    assert.equal((d?.code as { value: string }).value, 'scan');
    assert.equal(doc.getText(d?.range), 'listPasses');
    assert.equal(d?.range.start.line, 2);
    const related = d?.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri.fsPath === uriOf(repo).fsPath && r.location.range.start.line === 3),
      `related information points at the Scan in the wrapper: ${JSON.stringify(related.map((r) => [r.location.uri.fsPath, r.location.range.start.line]))}`,
    );
  });
});

describe('editor analyzer: import aliases', () => {
  const dir = path.join('src', 'aliased');
  const handler = path.join(dir, 'feed.ts');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root(), dir), { recursive: true, force: true });
  });

  it('follows a tsconfig `paths` alias added while the document is open', async () => {
    fs.mkdirSync(path.join(root(), dir, 'shared'), { recursive: true });
    fs.writeFileSync(path.join(root(), dir, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
    fs.writeFileSync(path.join(root(), dir, 'shared', 'keys.ts'), "export const FEED = 'FEED';\n");
    fs.writeFileSync(
      path.join(root(), handler),
      [
        "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        "import { FEED } from '@shared/keys';",
        'const client = new DynamoDBClient({});',
        'const doc = DynamoDBDocumentClient.from(client);',
        'export async function post(id: string) {',
        "  await doc.send(new PutCommand({ TableName: 'editor-orders', Item: { PK: FEED, SK: id } }));",
        "  return client.send(new ScanCommand({ TableName: 'editor-feed' }));",
        '}',
        '',
      ].join('\n'),
    );
    const doc = await vscode.workspace.openTextDocument(uriOf(handler));
    await vscode.window.showTextDocument(doc);
    // Analyzed with the alias unknown: only the Scan, since the key's value is not known.
    const first = await until('the Scan of the first analysis', () => ours(doc.uri).length === 1 && ours(doc.uri));
    assert.equal((first[0]?.code as { value: string }).value, 'scan');
    fs.writeFileSync(
      path.join(root(), dir, 'tsconfig.json'),
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["shared/*"] } } }\n',
    );
    const both = await until(
      'a second diagnostic once the alias resolves',
      () => ours(doc.uri).length === 2 && ours(doc.uri),
    );
    const key = both.find((d) => (d.code as { value: string }).value === 'single-value-partition-key');
    assert.equal(key && doc.getText(key.range), 'FEED');
  });
});

describe('editor analyzer: settings', () => {
  const analyzerSettings = () => vscode.workspace.getConfiguration('dynamoGuard.analyzer');
  const severityOf = (rel: string) => ours(uriOf(rel)).map((d) => vscode.DiagnosticSeverity[d.severity]);

  after(async () => {
    for (const key of ['severity.scan', 'ignore', 'workspace'])
      await analyzerSettings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('applies a severity setting over the config file, to open and background files alike, and `off` removes the rule', async () => {
    const { doc } = await open('src/orders/openOrders.ts');
    await analyzeWorkspace();
    await analyzerSettings().update('severity.scan', 'error', vscode.ConfigurationTarget.Workspace);
    await until(
      'scans reported as errors',
      () =>
        severityOf('src/orders/openOrders.ts').join() === 'Error' &&
        severityOf('src/reports/weekly.ts').join() === 'Error',
    );
    assert.deepEqual(severityOf('scripts/backfill.ts'), ['Information'], 'allowScans still lowers scans in scripts/');
    await analyzerSettings().update('severity.scan', 'off', vscode.ConfigurationTarget.Workspace);
    await until(
      'no scan diagnostics',
      () => ours(doc.uri).length === 0 && ours(uriOf('src/reports/weekly.ts')).length === 0,
    );
    await analyzerSettings().update('severity.scan', undefined, vscode.ConfigurationTarget.Workspace);
    await until(
      'scans back as warnings',
      () =>
        severityOf('src/orders/openOrders.ts').join() === 'Warning' &&
        severityOf('src/reports/weekly.ts').join() === 'Warning',
    );
  });

  it('keeps files matching the ignore setting out, and clears background results when workspace analysis is turned off', async () => {
    await analyzeWorkspace();
    await analyzerSettings().update('ignore', ['src/reports/**'], vscode.ConfigurationTarget.Workspace);
    await until('weekly.ts ignored', () => ours(uriOf('src/reports/weekly.ts')).length === 0);
    assert.equal(ours(uriOf('scripts/backfill.ts')).length, 1);
    await analyzerSettings().update('ignore', undefined, vscode.ConfigurationTarget.Workspace);
    await until('weekly.ts analyzed again', () => ours(uriOf('src/reports/weekly.ts')).length === 1);
    await analyzerSettings().update('workspace', false, vscode.ConfigurationTarget.Workspace);
    await until(
      'background results cleared',
      () => ours(uriOf('src/reports/weekly.ts')).length === 0 && ours(uriOf('scripts/backfill.ts')).length === 0,
    );
    await analyzerSettings().update('workspace', undefined, vscode.ConfigurationTarget.Workspace);
    await until('background results back', () => ours(uriOf('src/reports/weekly.ts')).length === 1);
  });
});

describe('editor analyzer: quick fixes', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers, for a Scan, the Query on the GSI (preferred), the page loop, ignore and the doc', async () => {
    const { doc } = await open('src/orders/openOrders.ts');
    const actions = await quickFixes(doc.uri, ours(doc.uri)[0] as vscode.Diagnostic);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Query index byStatus instead of scanning table editor-orders', true],
        ['Read every page: loop over LastEvaluatedKey', false],
        ['Ignore this line (with a reason)…', false],
        ['Open the documentation of rule scan', false],
      ],
    );
  });

  it('rewrites the Scan into a Query on byStatus that compiles, and the diagnostic goes', async () => {
    const doc = await applyQuickFix('src/orders/openOrders.ts', 'Query index byStatus');
    assertCompiles(
      doc,
      OPEN_ORDERS.replace('import { DynamoDBClient, ScanCommand }', 'import { DynamoDBClient, QueryCommand }').replace(
        "new ScanCommand({ TableName: 'editor-orders', FilterExpression: '#s = :s',",
        "new QueryCommand({ TableName: 'editor-orders', IndexName: 'byStatus', KeyConditionExpression: '#s = :s',",
      ),
    );
    assert.deepEqual(await settled(doc, 0), []);
    await restore(doc);
  });

  it('wraps the Scan in a LastEvaluatedKey loop that compiles', async () => {
    const doc = await applyQuickFix('src/orders/openOrders.ts', 'Read every page');
    assertCompiles(
      doc,
      `import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function ordersWithStatus(status: string) {
  // One Scan call returns at most 1 MB; LastEvaluatedKey says where the next page starts.
  const items: NonNullable<ScanCommandOutput['Items']> = [];
  let lastEvaluatedKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(new ScanCommand({ TableName: 'editor-orders', FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: status } }, ExclusiveStartKey: lastEvaluatedKey }));
    for (const item of page.Items ?? []) items.push(item);
    lastEvaluatedKey = page.LastEvaluatedKey;
  } while (lastEvaluatedKey);
  return items;
}
`,
    );
    const after = await settled(doc, 1);
    assert.deepEqual(
      (await quickFixes(doc.uri, after[0] as vscode.Diagnostic))
        .map((a) => a.title)
        .filter((t) => t.startsWith('Read every page')),
      [],
      'no loop once it pages',
    );
    await restore(doc);
  });

  it('shards the constant key of a put by its sort key, with the read-side note, and it compiles', async () => {
    const { doc } = await open('src/orders/events.ts');
    const actions = await quickFixes(doc.uri, ours(doc.uri)[0] as vscode.Diagnostic);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Shard writes of "EVENTS" over 10 key values (a suffix computed from the sort key; reads must then query every shard)',
        'Ignore this line (with a reason)…',
        'Open the documentation of rule single-value-partition-key',
      ],
    );
    assert.ok(actions[0]?.edit && (await vscode.workspace.applyEdit(actions[0].edit)));
    assertCompiles(
      doc,
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Write sharding: one partition-key value takes at most 1,000 WCU / 3,000 RCU per second, so writes
// of "EVENTS" are spread over WRITE_SHARDS values ("EVENTS#0" to "EVENTS#9").
// Reads of that key must now query every shard and merge the results.
const WRITE_SHARDS = 10;

/** The shard of an item, computed from its sort key so that reads and updates of the item find it again. */
function writeShard(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash % WRITE_SHARDS);
}

export async function recordEvent(id: string, body: string) {
  await doc.send(new PutCommand({ TableName: 'editor-orders', Item: { PK: \`EVENTS#\${writeShard(String(id))}\`, SK: id, body } }));
}
`,
    );
    assert.deepEqual(await settled(doc, 0), []);
    await restore(doc);
  });

  it('ignores the line with the reason given, and the finding is suppressed', async () => {
    const { doc } = await open('src/orders/openOrders.ts');
    const ignore = (await quickFixes(doc.uri, ours(doc.uri)[0] as vscode.Diagnostic)).find((a) =>
      a.title.startsWith('Ignore this line'),
    );
    assert.equal(ignore?.command?.command, 'dynamoGuard.ignoreFinding');
    const applied = await vscode.commands.executeCommand<boolean>(
      ignore.command.command,
      ...(ignore.command.arguments ?? []),
      'admin page, at most 50 orders',
    );
    assert.equal(applied, true);
    assertCompiles(
      doc,
      OPEN_ORDERS.replace(
        '  const out = await',
        '  // dynamo-guard-ignore-next-line scan -- admin page, at most 50 orders\n  const out = await',
      ),
    );
    assert.deepEqual(await settled(doc, 0), []);
    await restore(doc);
  });

  it("opens the rule's documentation as a rendered preview", async () => {
    const { doc } = await open('src/orders/openOrders.ts');
    const docs = (await quickFixes(doc.uri, ours(doc.uri)[0] as vscode.Diagnostic)).find((a) =>
      a.title.startsWith('Open the documentation'),
    );
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      docs?.command?.command as string,
      ...(docs?.command?.arguments ?? []),
    );
    assert.match(uri.path, /\/docs\/rules\/scan\.md$/);
    await until('the preview tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Preview scan.md'),
    );
  });
});

describe('editor analyzer: hovers priced from DynamoDB Local', () => {
  let sizeBytes = 0;

  before(async function () {
    if (!endpoint) this.skip();
    const client = dynamoDbClient(conn);
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byStatus',
            KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    const statuses = ['OPEN', 'PAID', 'SHIPPED'];
    const items: WriteRequest[] = Array.from({ length: 50 }, (_, i) => ({
      PutRequest: {
        Item: {
          PK: { S: `ORDER#${String(i).padStart(3, '0')}` },
          SK: { S: 'META' },
          status: { S: statuses[i % 3] as string },
          total: { N: String(i * 10) },
          note: { S: 'x'.repeat(200) },
        },
      },
    }));
    for (let i = 0; i < items.length; i += 25)
      await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25) } }));
    // DynamoDB Local updates ItemCount and TableSizeBytes at once (AWS refreshes them every ~6 hours).
    const described = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    assert.equal(described.Table?.ItemCount, 50);
    sizeBytes = described.Table?.TableSizeBytes ?? 0;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('prices one full pass of the Scan from the table DynamoDB Local describes', async () => {
    assert.equal(sizeBytes, 11_983, 'the seeded items are deterministic');
    const { doc } = await open('src/orders/openOrders.ts');
    const at = doc.positionAt(doc.getText().indexOf('ScanCommand({') + 3);
    const text = await hoverText(doc.uri, at);
    // 11,983 bytes = 3 blocks of 4 KB = 1.5 eventually consistent read units = $0.0000001875 on demand.
    assert.equal(
      text,
      [
        '**Dynamo Guard: what this Scan costs.** Table `editor-orders` (Test DynamoDB Local, us-east-1), on-demand:',
        '- 50 items, 11,983 bytes (11.7 KiB) (DescribeTable; DynamoDB updates both about every 6 hours)',
        '- One full pass reads **1.5 read units** (eventually consistent) in 1 page of up to 1 MB: **$0.00000019 at on-demand prices in us-east-1**',
        "- Current read rate: not known yet (the Tables view has not read this table's CloudWatch metrics)",
      ].join('\n'),
    );
  });

  it('adds the passes a day the metrics the Tables view read imply, and shows hot-partition throttling on a constant key', async function () {
    this.timeout(120_000);
    if (!page.available) this.skip();
    // The table's CloudWatch: 120 read and 3,000 write units every minute of the hour (and beyond
    // it, however the poller's window falls), 42 hot-partition write throttles in one minute.
    const standIn = await startCloudWatchStandIn();
    const hourAgo = Math.floor(Date.now() / 60_000) * 60 - 3600;
    standIn.scriptTable({
      table: TABLE,
      start: hourAgo - 600,
      minutes: 80,
      readPerMinute: 120,
      writePerMinute: 3000,
      throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(hourAgo + 1800, [42]) },
    });
    standIn.scriptTable({
      table: TABLE,
      index: 'byStatus',
      start: hourAgo - 600,
      minutes: 80,
      readPerMinute: 0,
      writePerMinute: 0,
    });
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const connections = config.get<{ name: string }[]>('connections') ?? [];
    try {
      await config.update(
        'connections',
        connections.map((c) => (c.name === 'Test DynamoDB Local' ? { ...c, cloudWatchEndpoint: standIn.endpoint } : c)),
        vscode.ConfigurationTarget.Global,
      );
      // The Tables view polls while it is shown: its row of the table says when it has read it.
      await vscode.commands.executeCommand('dynamoGuard.tables.focus');
      await vscode.commands.executeCommand('dynamoGuard.refreshTables');
      await until(
        "the Tables view to read the table's metrics",
        async () => {
          const row = (await page.treeRows('Tables')).find((r) => r.label === TABLE);
          return row && row.description !== 'metrics…' && row.icon !== 'database';
        },
        60_000,
      );

      const orders = await open('src/orders/openOrders.ts');
      const scanAt = orders.doc.positionAt(orders.doc.getText().indexOf('ScanCommand({') + 3);
      // 120 units a minute = 2 RCU/s = 172,800 a day = 115,200 passes of 1.5 units, at $0.0000001875 each.
      const scanText = await until('the hover to price the polled reads', async () => {
        const t = await hoverText(orders.doc.uri, scanAt);
        return t.includes('Current reads') && t;
      });
      assert.match(
        scanText,
        /^- Current reads, 2 RCU\/s \(last 60 min\), equal \*\*115,200 full passes a day\*\*: \$0\.0216 a day$/m,
      );

      const events = await open('src/orders/events.ts');
      const keyText = await hoverText(
        events.doc.uri,
        events.doc.positionAt(events.doc.getText().indexOf("'EVENTS'") + 2),
      );
      // Contributor Insights (the keys seen throttled) is not in DynamoDB Local: test/unit/findingCost.test.ts covers that line.
      assert.equal(
        keyText,
        [
          '**Dynamo Guard: one partition for every call.** `PK = "EVENTS"` on table `editor-orders` always addresses the same partition, which serves at most **1,000 WCU and 3,000 RCU per second** (one WCU writes up to 1 KB); adaptive capacity and burst do not raise that limit.',
          '- **Hot partition throttling in the last 60 minutes: 42 write and 0 read events** throttled by partition limits (Write/ReadKeyRangeThroughputThrottleEvents), of 42 throttle events in all',
          '- Peak load on the table: 50 writes and 2 reads (units per second, busiest minute)',
        ].join('\n'),
      );
    } finally {
      await config.update('connections', connections, vscode.ConfigurationTarget.Global);
      await standIn.stop();
    }
  });

  it('shows the diagnostic with its hover on screen (README picture)', async function () {
    if (!process.env.DYNAMO_GUARD_SCREENSHOTS) this.skip();
    // Room for the hover: no leftover editor groups, no secondary side bar.
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    // The Tables view beside it, listing the table the hover prices.
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    const { doc, editor } = await open('src/orders/openOrders.ts');
    const at = doc.positionAt(doc.getText().indexOf('ScanCommand({') + 3);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1500));
    await readmePicture('hover');
  });
});
