// Quick-fix computation: each fix applied to a real analyzer finding gives exactly the expected text,
// the finding goes away (or is paginated), unsafe cases get no fix, and every fixed file still
// type-checks against the real @aws-sdk declarations.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../../src/core/analyzer/analyze';
import type { Finding } from '../../../src/core/analyzer/finding';
import { fixesFor, ignoreFindingEdit } from '../../../src/core/fixes/fixes';
import { applyEdits, type Fix, type FixKind } from '../../../src/core/fixes/textEdits';
import { typeCheck } from '../../harness/typeCheck';
import * as cases from './fixCases';

const { TABLES } = cases;
/** Every text a test produced, type-checked together at the end (one compiler run). */
const produced: Record<string, string> = {};

function fileOf(name: string): string {
  return `/repo/src/${name}`;
}

function findings(name: string, text: string): Finding[] {
  return analyzeSource(fileOf(name), text, { tables: TABLES }).findings;
}

function findingOn(name: string, text: string, lineText: string, rule: Finding['rule']): Finding {
  const line = text.split('\n').findIndex((l) => l.includes(lineText)) + 1;
  const f = findings(name, text).find((x) => x.line === line && x.rule === rule);
  assert.ok(f, `a ${rule} finding on line ${line} ("${lineText}") of ${name}`);
  return f;
}

function fixes(name: string, text: string, finding: Finding): Fix[] {
  return fixesFor(fileOf(name), text, finding, { tables: TABLES });
}

/** Applies the fix of `kind` and records the result for the type-check. */
function applied(name: string, text: string, finding: Finding, kind: FixKind): string {
  const fix = fixes(name, text, finding).find((f) => f.kind === kind);
  assert.ok(
    fix,
    `a ${kind} fix for ${name}; got ${
      fixes(name, text, finding)
        .map((f) => f.kind)
        .join(', ') || 'none'
    }`,
  );
  const out = applyEdits(text, fix.edits);
  produced[`${kind}-${name}`] = out;
  return out;
}

describe('quick fix: Scan to Query on the GSI whose key the filter tests', () => {
  it('turns a client ScanCommand into a QueryCommand on byStatus, fixing the import, and is the preferred fix', () => {
    const f = findingOn('scanClient.ts', cases.SCAN_CLIENT, 'new ScanCommand', 'scan');
    const fix = fixes('scanClient.ts', cases.SCAN_CLIENT, f).find((x) => x.kind === 'scan-to-query');
    assert.equal(fix?.title, 'Query index byStatus instead of scanning table Orders');
    assert.equal(fix?.preferred, true);
    const out = applied('scanClient.ts', cases.SCAN_CLIENT, f, 'scan-to-query');
    assert.equal(
      out,
      cases.SCAN_CLIENT.replace(
        "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';",
      ).replace(
        "new ScanCommand({ TableName: 'Orders', FilterExpression: '#s = :open',",
        "new QueryCommand({ TableName: 'Orders', IndexName: 'byStatus', KeyConditionExpression: '#s = :open',",
      ),
    );
    assert.deepEqual(
      findings('scanClient.ts', out).filter((x) => x.rule === 'scan'),
      [],
    );
  });

  it('moves the GSI sort-key condition too, keeps the rest of the filter with its parentheses, and keeps a ScanCommand still used elsewhere', () => {
    const f = findingOn('scanDocument.ts', cases.SCAN_DOCUMENT, 'await doc.send(new ScanCommand', 'scan');
    const out = applied('scanDocument.ts', cases.SCAN_DOCUMENT, f, 'scan-to-query');
    assert.equal(
      out,
      cases.SCAN_DOCUMENT.replace(
        'import { DynamoDBDocumentClient, ScanCommand }',
        'import { DynamoDBDocumentClient, ScanCommand, QueryCommand }',
      )
        .replace('await doc.send(new ScanCommand({', 'await doc.send(new QueryCommand({')
        .replace(
          "    FilterExpression: 'customerId = :c AND createdAt >= :since AND (total > :min OR express = :yes)',\n",
          "    IndexName: 'byCustomer',\n    KeyConditionExpression: 'customerId = :c AND createdAt >= :since',\n    FilterExpression: '(total > :min OR express = :yes)',\n",
        ),
    );
    assert.deepEqual(
      findings('scanDocument.ts', out)
        .filter((x) => x.rule === 'scan')
        .map((x) => x.table),
      ['Archive'],
    );
  });

  it('turns paginateScan into paginateQuery', () => {
    const f = findingOn('scanPaginator.ts', cases.SCAN_PAGINATOR, 'paginateScan({ client }', 'scan');
    const out = applied('scanPaginator.ts', cases.SCAN_PAGINATOR, f, 'scan-to-query');
    assert.equal(
      out,
      cases.SCAN_PAGINATOR.replace(
        'import { DynamoDBClient, paginateScan }',
        'import { DynamoDBClient, paginateQuery }',
      ).replace(
        "paginateScan({ client }, { TableName: 'Orders', FilterExpression: '#s = :open AND attribute_exists(paidAt)',",
        "paginateQuery({ client }, { TableName: 'Orders', IndexName: 'byStatus', KeyConditionExpression: '#s = :open', FilterExpression: 'attribute_exists(paidAt)',",
      ),
    );
  });

  it('renames an aliased import and edits the request the call reads from a const of the same file', () => {
    const f = findingOn('scanAliased.ts', cases.SCAN_ALIASED, 'new DocScan(params)', 'scan');
    const out = applied('scanAliased.ts', cases.SCAN_ALIASED, f, 'scan-to-query');
    assert.equal(
      out,
      cases.SCAN_ALIASED.replace('ScanCommand as DocScan', 'QueryCommand')
        .replace('new DocScan(params)', 'new QueryCommand(params)')
        .replace(
          "  FilterExpression: '#s = :s',\n",
          "  IndexName: 'byStatus',\n  KeyConditionExpression: '#s = :s',\n",
        ),
    );
  });

  it('turns DynamoDBDocument#scan into #query', () => {
    const f = findingOn('scanMethod.ts', cases.SCAN_METHOD, 'docs.scan(', 'scan');
    const out = applied('scanMethod.ts', cases.SCAN_METHOD, f, 'scan-to-query');
    assert.equal(
      out,
      cases.SCAN_METHOD.replace(
        "docs.scan({ TableName: 'Orders', FilterExpression: 'customerId = :id',",
        "docs.query({ TableName: 'Orders', IndexName: 'byCustomer', KeyConditionExpression: 'customerId = :id',",
      ),
    );
  });

  it('offers no Query for a filter with a top-level OR, a consistent read, or a parallel scan segment', () => {
    const all = findings('scanNotQueryable.ts', cases.SCAN_NOT_QUERYABLE);
    assert.equal(all.length, 3);
    for (const f of all) {
      assert.equal(f.data?.suggestedIndex, 'byStatus');
      assert.deepEqual(fixes('scanNotQueryable.ts', cases.SCAN_NOT_QUERYABLE, f), []);
    }
  });
});

describe('quick fix: read every page', () => {
  it('wraps a one-page ScanCommand in a do/while over LastEvaluatedKey with typed accumulators and a type-only import', () => {
    const f = findingOn('scanClient.ts', cases.SCAN_CLIENT, 'new ScanCommand', 'scan');
    const out = applied('scanClient.ts', cases.SCAN_CLIENT, f, 'pagination-loop');
    assert.equal(
      out,
      `import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function openOrders() {
  // One Scan call returns at most 1 MB; LastEvaluatedKey says where the next page starts.
  const items: NonNullable<ScanCommandOutput['Items']> = [];
  let lastEvaluatedKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(new ScanCommand({ TableName: 'Orders', FilterExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': { S: 'OPEN' } }, ExclusiveStartKey: lastEvaluatedKey }));
    for (const item of page.Items ?? []) items.push(item);
    lastEvaluatedKey = page.LastEvaluatedKey;
  } while (lastEvaluatedKey);
  return items;
}
`,
    );
    const again = findings('scanClient.ts', out).find((x) => x.rule === 'scan');
    assert.equal(again?.data?.paginated, true);
    assert.deepEqual(
      fixes('scanClient.ts', out, again).map((x) => x.kind),
      ['scan-to-query'],
      'no second loop once it pages',
    );
  });

  it('re-indents a multi-line request into the loop and adds the start key as its last field', () => {
    const f = findingOn('scanDocument.ts', cases.SCAN_DOCUMENT, 'await doc.send(new ScanCommand', 'scan');
    const out = applied('scanDocument.ts', cases.SCAN_DOCUMENT, f, 'pagination-loop');
    assert.ok(
      out.includes(`  do {
    const page = await doc.send(new ScanCommand({
      TableName: 'Orders',
      FilterExpression: 'customerId = :c AND createdAt >= :since AND (total > :min OR express = :yes)',
      ExpressionAttributeValues: { ':c': customerId, ':since': since, ':min': 100, ':yes': true },
      ExclusiveStartKey: lastEvaluatedKey,
    }));
    for (const item of page.Items ?? []) items.push(item);`),
      out,
    );
    assert.ok(
      out.includes(
        "import { DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';",
      ),
    );
    assert.ok(
      out.endsWith(
        "  return items;\n}\n\nexport const archived = () => doc.send(new ScanCommand({ TableName: 'Archive' }));\n",
      ),
    );
  });

  it('pages a Query flagged for its constant key, and replaces every read of result.Items', () => {
    const f = findingOn('queryOnePage.ts', cases.QUERY_ONE_PAGE, "{ S: 'ORDERS' }", 'single-value-partition-key');
    const out = applied('queryOnePage.ts', cases.QUERY_ONE_PAGE, f, 'pagination-loop');
    assert.ok(
      out.startsWith(
        "import { DynamoDBClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';",
      ),
    );
    assert.ok(out.includes('  // One Query call returns at most 1 MB;'));
    assert.ok(out.includes('  console.log(`${items?.length} orders`);\n  return items;\n}\n'), out);
  });

  it('writes an untyped loop in JavaScript and leaves a require alone', () => {
    const f = findingOn('scanRequire.js', cases.SCAN_REQUIRE_JS, 'new ScanCommand', 'scan');
    const out = applied('scanRequire.js', cases.SCAN_REQUIRE_JS, f, 'pagination-loop');
    assert.equal(
      out,
      cases.SCAN_REQUIRE_JS.replace(
        `  const out = await client.send(new ScanCommand({ TableName: 'Orders' }));
  return out.Items;`,
        `  // One Scan call returns at most 1 MB; LastEvaluatedKey says where the next page starts.
  const items = [];
  let lastEvaluatedKey;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'Orders', ExclusiveStartKey: lastEvaluatedKey }));
    for (const item of page.Items ?? []) items.push(item);
    lastEvaluatedKey = page.LastEvaluatedKey;
  } while (lastEvaluatedKey);
  return items;`,
      ),
    );
  });

  it('offers no loop when the result is used for more than its items', () => {
    const text = cases.SCAN_CLIENT.replace('return out.Items ?? [];', 'return out;');
    const f = findingOn('scanWhole.ts', text, 'new ScanCommand', 'scan');
    assert.deepEqual(
      fixes('scanWhole.ts', text, f).map((x) => x.kind),
      ['scan-to-query'],
    );
  });
});

describe('quick fix: write sharding', () => {
  const shardsDeclaration = (
    key: string,
  ) => `// Write sharding: one partition-key value takes at most 1,000 WCU / 3,000 RCU per second, so writes
// of "${key}" are spread over WRITE_SHARDS values ("${key}#0" to "${key}#9").
// Reads of that key must now query every shard and merge the results.
const WRITE_SHARDS = 10;
`;
  const hashFunction = `/** The shard of an item, computed from its sort key so that reads and updates of the item find it again. */
function writeShard(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash % WRITE_SHARDS);
}
`;

  it('suffixes a constant put key with a shard computed from the sort key, declared above the function with the read-side note', () => {
    const f = findingOn(
      'hotWrites.ts',
      cases.HOT_WRITES,
      "Item: { PK: 'EVENTS', SK: id, body }",
      'single-value-partition-key',
    );
    const fix = fixes('hotWrites.ts', cases.HOT_WRITES, f).find((x) => x.kind === 'write-sharding');
    assert.equal(
      fix?.title,
      'Shard writes of "EVENTS" over 10 key values (a suffix computed from the sort key; reads must then query every shard)',
    );
    const out = applied('hotWrites.ts', cases.HOT_WRITES, f, 'write-sharding');
    assert.equal(
      out,
      cases.HOT_WRITES.replace(
        '/** Every event of the shop, newest last. */\n',
        `${shardsDeclaration('EVENTS')}\n${hashFunction}\n/** Every event of the shop, newest last. */\n`,
      ).replace(
        "Item: { PK: 'EVENTS', SK: id, body }",
        'Item: { PK: `EVENTS#${writeShard(String(id))}`, SK: id, body }',
      ),
    );
    const shardedLine = out.split('\n').findIndex((l) => l.includes('EVENTS#${writeShard')) + 1;
    assert.deepEqual(
      findings('hotWrites.ts', out).filter((x) => x.line === shardedLine),
      [],
      'the sharded key is no longer constant',
    );
  });

  it('uses a random suffix for a put whose sort key is constant too', () => {
    const f = findingOn('hotWrites.ts', cases.HOT_WRITES, "PK: { S: 'LOG' }", 'single-value-partition-key');
    const out = applied('hotWrites-log.ts', cases.HOT_WRITES, f, 'write-sharding');
    assert.equal(
      out,
      cases.HOT_WRITES.replace(
        'export async function logLine',
        `${shardsDeclaration('LOG')}\nexport async function logLine`,
      ).replace("PK: { S: 'LOG' }", 'PK: { S: `LOG#${Math.floor(Math.random() * WRITE_SHARDS)}` }'),
    );
  });

  it('shards an update by its sort key, and offers nothing for an update whose whole key is constant', () => {
    const touch = findingOn(
      'hotWrites.ts',
      cases.HOT_WRITES,
      "Key: { PK: 'EVENTS', SK: id }",
      'single-value-partition-key',
    );
    const out = applied('hotWrites-touch.ts', cases.HOT_WRITES, touch, 'write-sharding');
    assert.ok(out.includes('Key: { PK: `EVENTS#${writeShard(String(id))}`, SK: id }'));
    const forget = findingOn(
      'hotWrites.ts',
      cases.HOT_WRITES,
      "Key: { PK: 'EVENTS', SK: 'LATEST' }",
      'single-value-partition-key',
    );
    assert.deepEqual(fixes('hotWrites.ts', cases.HOT_WRITES, forget), []);
  });

  it('reuses WRITE_SHARDS when the file already declares it', () => {
    const first = findingOn('hotWrites.ts', cases.HOT_WRITES, "PK: { S: 'LOG' }", 'single-value-partition-key');
    const once = applyEdits(cases.HOT_WRITES, fixes('hotWrites.ts', cases.HOT_WRITES, first)[0]?.edits ?? []);
    const second = findingOn(
      'hotWrites.ts',
      once,
      "Item: { PK: 'EVENTS', SK: id, body }",
      'single-value-partition-key',
    );
    const twice = applied('hotWrites-twice.ts', once, second, 'write-sharding');
    assert.equal(twice.match(/const WRITE_SHARDS = 10;/g)?.length, 1);
    assert.equal(twice.match(/function writeShard\(/g)?.length, 1);
  });
});

describe('ignore this line, with a reason', () => {
  it('inserts an ignore comment with the reason above the finding, at its indentation, and the finding is suppressed', () => {
    const f = findingOn('scanClient.ts', cases.SCAN_CLIENT, 'new ScanCommand', 'scan');
    const edit = ignoreFindingEdit(
      fileOf('scanClient.ts'),
      cases.SCAN_CLIENT,
      f,
      '  nightly export,\n runs off-peak */ ',
    );
    const out = applyEdits(cases.SCAN_CLIENT, edit ? [edit] : []);
    assert.equal(
      out,
      cases.SCAN_CLIENT.replace(
        '  const out = await',
        '  // dynamo-guard-ignore-next-line scan -- nightly export, runs off-peak\n  const out = await',
      ),
    );
    produced['ignore-scanClient.ts'] = out;
  });

  it('merges into an ignore comment already on the line above', () => {
    const text = cases.SCAN_CLIENT.replace(
      '  const out = await',
      '  // dynamo-guard-ignore-next-line single-value-partition-key -- one tenant\n  const out = await',
    );
    const f = findingOn('scanClient.ts', text, 'new ScanCommand', 'scan');
    const edit = ignoreFindingEdit(fileOf('scanClient.ts'), text, f, 'admin page');
    assert.equal(
      applyEdits(text, edit ? [edit] : []),
      cases.SCAN_CLIENT.replace(
        '  const out = await',
        '  // dynamo-guard-ignore-next-line single-value-partition-key, scan -- one tenant; admin page\n  const out = await',
      ),
    );
  });

  it('refuses an empty reason', () => {
    const f = findingOn('scanClient.ts', cases.SCAN_CLIENT, 'new ScanCommand', 'scan');
    assert.equal(ignoreFindingEdit(fileOf('scanClient.ts'), cases.SCAN_CLIENT, f, '  \n '), undefined);
  });
});

describe('fixed files compile', () => {
  it('type-checks every original and every fixed text with the real TypeScript compiler and @aws-sdk declarations', () => {
    const originals = {
      'scanClient.ts': cases.SCAN_CLIENT,
      'scanDocument.ts': cases.SCAN_DOCUMENT,
      'scanPaginator.ts': cases.SCAN_PAGINATOR,
      'scanAliased.ts': cases.SCAN_ALIASED,
      'scanMethod.ts': cases.SCAN_METHOD,
      'queryOnePage.ts': cases.QUERY_ONE_PAGE,
      'hotWrites.ts': cases.HOT_WRITES,
      'scanRequire.js': cases.SCAN_REQUIRE_JS,
    };
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(originals)) files[`original/${name}`] = text;
    for (const [name, text] of Object.entries(produced)) files[`fixed/${name}`] = text;
    assert.ok(Object.keys(produced).length >= 14, `fixed texts: ${Object.keys(produced).join(', ')}`);
    assert.deepEqual(typeCheck(files), []);
  });
});
