import * as assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { analyzeSource } from '../../../src/core/entries/analyzer';
import { HEADER, ORDERS, analyze, assertOneAt, findingsOf, memoryResolver } from './pythonFixtures';

describe('Python boto3 scans', () => {
  it('flags table.scan() on a resource Table named by an environment variable wired to Orders', async () => {
    const src = `${HEADER}table = boto3.resource('dynamodb').Table(os.environ['ORDERS_TABLE'])\n\ndef all_orders():\n    return table.scan()['Items']\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan()');
    assert.equal(f.table, 'Orders');
    assert.equal(f.confidence, 'high');
    assert.equal(f.data?.api, 'boto3-resource');
    assert.deepEqual(f.related?.[0]?.file, 'template.yaml');
  });

  it('flags client.scan(TableName=...) with the message the TypeScript rule gives', async () => {
    const src = `${HEADER}client = boto3.client('dynamodb')\nclient.scan(TableName='Orders')\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan(TableName');
    const js = analyzeSource(
      'a.ts',
      "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const c = new ScanCommand({ TableName: 'Orders' });\n",
      { tables: [ORDERS] },
    );
    const jsScan = js.findings.find((x) => x.rule === 'scan');
    assert.equal(f.message, jsScan?.message);
    assert.equal(f.severity, jsScan?.severity);
    assert.equal(f.confidence, jsScan?.confidence);
    assert.deepEqual(f.related, jsScan?.related);
    assert.deepEqual(Object.keys(f.data ?? {}).sort(), Object.keys(jsScan?.data ?? {}).sort());
  });

  it("flags get_paginator('scan').paginate(...) as a paginated Scan, where 'scan' is written", async () => {
    const src = `${HEADER}client = boto3.client('dynamodb')\nfor page in client.get_paginator('scan').paginate(TableName='Orders'):\n    print(page)\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, "'scan'");
    assert.equal(f.data?.paginated, true);
    // A paginator made in an earlier line of the function: the finding is on the line that names the Scan.
    const apart = `${HEADER}client = boto3.client('dynamodb')\ndef rows():\n    paginator = client.get_paginator("scan")\n    for page in paginator.paginate(TableName='Orders'):\n        yield page\n`;
    assertOneAt(await findingsOf(apart), 'scan', apart, '"scan"');
  });

  it('suggests the GSI whose partition key the filter compares', async () => {
    const src = `${HEADER}t = boto3.resource('dynamodb').Table('Orders')\nt.scan(FilterExpression=Attr('status').eq('OPEN'))\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan(');
    assert.equal(f.data?.suggestedIndex, 'byStatus');
    assert.deepEqual(f.data?.filterAttributes, ['status']);
  });

  it('reads a FilterExpression string with ExpressionAttributeNames', async () => {
    const src = `${HEADER}t = boto3.resource('dynamodb').Table('Orders')\nt.scan(FilterExpression='#s = :s', ExpressionAttributeNames={'#s': 'status'}, ExpressionAttributeValues={':s': 'OPEN'}, ConsistentRead=True)\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan(');
    assert.equal(f.data?.suggestedIndex, 'byStatus');
    assert.equal(f.data?.consistentRead, true);
  });

  const holders: Array<[string, string, string]> = [
    [
      'a module global',
      "resource = boto3.resource('dynamodb')\nTABLE = resource.Table('Orders')\ndef f():\n    return TABLE.scan()\n",
      'scan()',
    ],
    [
      'a class attribute',
      "class Repo:\n    table = boto3.resource('dynamodb').Table('Orders')\n    def all(self):\n        return self.table.scan()\n",
      'scan()',
    ],
    [
      'self.table set in __init__',
      "class Repo:\n    def __init__(self):\n        self.table = boto3.resource('dynamodb').Table('Orders')\n    def all(self):\n        return self.table.scan()\n",
      'scan()',
    ],
    [
      'a factory',
      "def get_table():\n    return boto3.resource('dynamodb').Table('Orders')\n\nget_table().scan()\n",
      'scan()',
    ],
    [
      'an lru_cache getter',
      "import functools\n@functools.lru_cache(maxsize=None)\ndef table():\n    dynamodb = boto3.resource('dynamodb', region_name='eu-west-1')\n    return dynamodb.Table(os.getenv('ORDERS_TABLE'))\n\ndef f():\n    return table().scan()\n",
      'scan()',
    ],
    [
      'a Session resource',
      "session = boto3.session.Session()\nt = session.resource('dynamodb').Table('Orders')\nt.scan()\n",
      'scan()',
    ],
    ['meta.client of a resource', "c = boto3.resource('dynamodb').meta.client\nc.scan(TableName='Orders')\n", 'scan('],
  ];
  for (const [where, body, needle] of holders) {
    it(`flags a scan on a table held in ${where}`, async () => {
      const src = HEADER + body;
      const f = assertOneAt(await findingsOf(src), 'scan', src, needle);
      assert.equal(f.table, 'Orders');
    });
  }

  it('reads a table name constant from an imported project module', async () => {
    const resolveModule = memoryResolver({ 'settings.py': "ORDERS = 'Orders'\n" });
    const src = `${HEADER}from .settings import ORDERS\nboto3.resource('dynamodb').Table(ORDERS).scan()\n`;
    const f = assertOneAt(await findingsOf(src, { resolveModule }), 'scan', src, 'scan()');
    assert.equal(f.table, 'Orders');
  });

  it('follows a table object created in an imported module', async () => {
    const resolveModule = memoryResolver({
      'app/db.py': "import boto3\ntable = boto3.resource('dynamodb').Table('Orders')\n",
    });
    const src = 'from app.db import table\n\ndef f():\n    return table.scan()\n';
    const f = assertOneAt(await findingsOf(src, { resolveModule }), 'scan', src, 'scan()');
    assert.equal(f.table, 'Orders');
  });
});

describe('Python boto3 single-value partition keys', () => {
  const table = "t = boto3.resource('dynamodb').Table('Orders')\n";

  it('flags put_item with a constant partition key, at the value', async () => {
    const src = `${HEADER}${table}t.put_item(Item={'pk': 'ORDERS', 'sk': order_id})\n`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'ORDERS'");
    assert.equal(
      f.message,
      'Partition key "pk" of table Orders is always "ORDERS": every call writes to the same partition, and one partition serves at most 1,000 WCU / 3,000 RCU per second.',
    );
    assert.equal(f.data?.keyValue, 'ORDERS');
  });

  it('stays silent when the partition key varies', async () => {
    const src = `${HEADER}${table}def put(order_id):\n    t.put_item(Item={'pk': f'ORDER#{order_id}', 'sk': 'A'})\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('flags update_item and delete_item with a constant Key', async () => {
    const src = `${HEADER}${table}t.update_item(Key={'pk': 'A', 'sk': sk}, UpdateExpression='SET n = :n', ExpressionAttributeValues={':n': 1})\nt.delete_item(Key={'pk': 'B', 'sk': sk})\n`;
    const fs = (await findingsOf(src)).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => f.data?.keyValue),
      ['A', 'B'],
    );
  });

  it('flags an update that sets a GSI partition key to a constant', async () => {
    const src = `${HEADER}${table}t.update_item(Key={'pk': pk, 'sk': sk}, UpdateExpression='SET #s = :s', ExpressionAttributeNames={'#s': 'status'}, ExpressionAttributeValues={':s': 'OPEN'})\n`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'OPEN'");
    assert.equal(f.data?.index, 'byStatus');
  });

  it('does not flag get_item (a read of one item)', async () => {
    const src = `${HEADER}${table}t.get_item(Key={'pk': 'A', 'sk': 'B'})\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('flags put_item inside batch_writer()', async () => {
    const src = `${HEADER}${table}with t.batch_writer() as batch:\n    for o in orders:\n        batch.put_item(Item={'pk': 'BATCH', 'sk': o.id})\n`;
    assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'BATCH'");
  });

  it('flags transact_write_items and batch_write_item entries with typed values', async () => {
    const src =
      `${HEADER}c = boto3.client('dynamodb')\n` +
      "c.transact_write_items(TransactItems=[{'Put': {'TableName': 'Orders', 'Item': {'pk': {'S': 'TX'}, 'sk': {'S': s}}}}])\n" +
      "c.batch_write_item(RequestItems={'Orders': [{'PutRequest': {'Item': {'pk': {'S': 'BW'}}}}, {'DeleteRequest': {'Key': {'pk': {'S': k}}}}]})\n";
    const fs = (await findingsOf(src)).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => [f.data?.keyValue, src.slice(f.offset, f.endOffset)]),
      [
        ['TX', "'TX'"],
        ['BW', "'BW'"],
      ],
    );
  });

  it("flags query with Key('pk').eq(constant) and records the sort-key condition", async () => {
    const src = `${HEADER}${table}t.query(KeyConditionExpression=Key('pk').eq('ALL') & Key('sk').begins_with('2024'), ScanIndexForward=False)\n`;
    const r = await analyze(src);
    const f = assertOneAt(r.findings, 'single-value-partition-key', src, "'ALL'");
    assert.match(f.message, /every call of this Query reads the same partition/);
    const op = r.operations.find((o) => o.kind === 'query');
    assert.equal(op?.sortKeyCondition?.op, 'begins_with');
    assert.deepEqual(
      op?.sortKeyCondition?.values.map((v) => v.kind === 'constant' && v.value),
      ['2024'],
    );
  });

  it('flags a KeyConditionExpression string with typed ExpressionAttributeValues', async () => {
    const src = `${HEADER}c = boto3.client('dynamodb')\nc.query(TableName='Orders', KeyConditionExpression='pk = :pk AND sk > :sk', ExpressionAttributeValues={':pk': {'S': 'X'}, ':sk': {'S': s}})\n`;
    assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'X'");
  });

  it('flags a query on a GSI whose partition key is constant, and not the table key', async () => {
    const src = `${HEADER}${table}t.query(IndexName='byStatus', KeyConditionExpression=Key('status').eq('OPEN'))\nt.query(KeyConditionExpression=Key('pk').eq(user_id))\n`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'OPEN'");
    assert.equal(f.data?.index, 'byStatus');
  });

  const constants: Array<[string, string, string]> = [
    ['a module variable', "PK = 'CONST'\n", 'PK'],
    ['a class constant', "class Keys:\n    ORDERS = 'CONST'\n", 'Keys.ORDERS'],
    ['a str Enum member', "from enum import Enum\nclass Kind(str, Enum):\n    ORDER = 'CONST'\n", 'Kind.ORDER'],
    ['an Enum member value', "import enum\nclass Kind(enum.Enum):\n    ORDER = 'CONST'\n", 'Kind.ORDER.value'],
    ['an f-string of constants', "P = 'CON'\n", "f'{P}ST'"],
    ['% formatting of constants', "P = 'CON'\n", "'%sST' % P"],
    ['.format of constants', "P = 'CON'\n", "'{}ST'.format(P)"],
    ['concatenated constants', "P = 'CON'\n", "P + 'ST'"],
  ];
  for (const [what, defs, expr] of constants) {
    it(`folds a partition key written as ${what}`, async () => {
      const src = `${HEADER}${defs}${table}t.put_item(Item={'pk': ${expr}, 'sk': sk})\n`;
      const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, `${expr}, 'sk'`);
      assert.equal(f.data?.keyValue, 'CONST');
    });
  }

  it('does not fold a module variable assigned twice, nor an f-string of a parameter', async () => {
    const src = `${HEADER}${table}PK = 'A'\nif x:\n    PK = 'B'\nt.put_item(Item={'pk': PK})\ndef f(user):\n    t.put_item(Item={'pk': f'U#{user}'})\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('reads a constant from an imported module (import app.keys)', async () => {
    const resolveModule = memoryResolver({ 'app/keys.py': "ORDERS = 'CONST'\n" });
    const src = `${HEADER}import app.keys as keys\n${table}t.put_item(Item={'pk': keys.ORDERS})\n`;
    assertOneAt(await findingsOf(src, { resolveModule }), 'single-value-partition-key', src, 'keys.ORDERS');
  });

  it('reads an item dict built step by step and passed by name', async () => {
    const src = `${HEADER}${table}def f(o):\n    item = {'sk': o.id}\n    item['pk'] = 'STEP'\n    t.put_item(Item=item)\n`;
    assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'STEP'");
  });

  it('reads keyword arguments spread from a params dict', async () => {
    const src = `${HEADER}c = boto3.client('dynamodb')\nparams = {'TableName': 'Orders'}\nc.scan(**params)\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan(');
    assert.equal(f.table, 'Orders');
  });
});

describe('Python wrappers', () => {
  const table = "t = boto3.resource('dynamodb').Table('Orders')\n";

  it('reports a wrapper whose parameter is the partition key at each call that passes a constant', async () => {
    const src = `${HEADER}${table}def save(kind, sk):\n    t.put_item(Item={'pk': kind, 'sk': sk})\n\nsave('AUDIT', x)\nsave(user_id, x)\n`;
    const r = await analyze(src);
    const f = assertOneAt(r.findings, 'single-value-partition-key', src, "'AUDIT'");
    assert.equal(f.related?.find((r) => r.file === 'app.py')?.line, 6);
    const site = r.operations.find((o) => o.callChain);
    assert.equal(site?.callChain?.[0]?.function, 'save');
  });

  it('follows keyword arguments and methods called through self', async () => {
    const src = `${HEADER}class Repo:\n    def __init__(self):\n        self.t = boto3.resource('dynamodb').Table('Orders')\n    def put(self, pk):\n        self.t.put_item(Item={'pk': pk})\n    def audit(self):\n        self.put(pk='AUDIT')\n`;
    assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'AUDIT'");
  });

  it('reports a scan on a table passed to a wrapper at the call that names the table', async () => {
    const src = `${HEADER}def scan_all(name):\n    return boto3.resource('dynamodb').Table(name).scan()\n\nscan_all('Orders')\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, "scan_all('Orders')");
    assert.equal(f.table, 'Orders');
  });
});

test("a Query of a table with no known schema pins its partition key for the file's writes to it", async () => {
  const source = [
    'import boto3',
    'client = boto3.client("dynamodb")',
    'class Store:',
    '    def __init__(self, table_name):',
    '        self._table = table_name',
    '    def delete(self, name):',
    '        client.delete_item(TableName=self._table, Key={"type": {"S": "schedule"}, "name": {"S": name}})',
    '    def find_all(self):',
    '        return client.query(TableName=self._table, KeyConditionExpression="#k=:v", ExpressionAttributeNames={"#k": "type"}, ExpressionAttributeValues={":v": {"S": "schedule"}})',
    '',
  ].join('\n');
  const findings = (await findingsOf(source, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key');
  assert.deepEqual(
    findings.map((f) => [f.line, f.confidence, f.data?.keyAttribute]),
    [
      [7, 'medium', 'type'],
      [9, 'medium', 'type'],
    ],
  );
  assert.match(findings[0]?.message ?? '', /a Query of it in this file pins "type" as its partition key/);
  // Two Queries that disagree on the key leave the table unknown: "type" is no conventional key name.
  const ambiguous = source.replace(
    '"#k": "type"}, ExpressionAttributeValues',
    '"#k": "kind"}, ExpressionAttributeValues',
  );
  assert.deepEqual(
    (
      await findingsOf(ambiguous + source.split('\n').slice(7, 9).join('\n').replace('find_all', 'find_other') + '\n', {
        tables: [],
      })
    ).filter((f) => f.line === 7),
    [],
  );
});

test('the only equality of a key condition is the partition key of the index it queries, schema or not', async () => {
  const source = [
    'import boto3',
    'from boto3.dynamodb.conditions import Key',
    'table = boto3.resource("dynamodb").Table("bots")',
    'def queued():',
    '    params = {"IndexName": "SyncStatusIndex", "KeyConditionExpression": Key("SyncStatus").eq("QUEUED")}',
    '    return table.query(**params)',
    'def by_owner(owner):',
    '    return table.query(IndexName="OwnerIndex", KeyConditionExpression=Key("Owner").eq(owner) & Key("Status").eq("open"))',
    '',
  ].join('\n');
  const findings = (await findingsOf(source, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key');
  // Two equalities (partition and sort key) say nothing about which is which: the second Query is left alone.
  // No source knows the table, so the finding is a guess (low), as in JavaScript.
  assert.deepEqual(
    findings.map((f) => [f.line, f.confidence, f.data?.keyAttribute, f.data?.index]),
    [[5, 'low', 'SyncStatus', 'SyncStatusIndex']],
  );
  assert.match(
    findings[0]?.message ?? '',
    /"SyncStatus" is taken as its partition key because the key condition tests it with =/,
  );
});

test('a paginator of a client that does not resolve is a Scan when paginate() sends a DynamoDB request', async () => {
  const src = `from clients import hub_client\ndef rows(table):\n    for page in hub_client().get_paginator("scan").paginate(TableName=table):\n        yield page\ndef objects():\n    return hub_client().get_paginator("scan").paginate(Bucket="b")\n`;
  const findings = await findingsOf(src, { tables: [] });
  assert.deepEqual(
    findings.map((f) => [f.line, f.rule, f.confidence, f.data?.api]),
    [[3, 'scan', 'low', 'unresolved']],
  );
});
