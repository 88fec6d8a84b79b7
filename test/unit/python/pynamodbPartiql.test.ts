import * as assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { HEADER, analyze, assertOneAt, findingsOf, memoryResolver } from './pythonFixtures';

const MODEL = `from pynamodb.models import Model
from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, AllProjection

class StatusIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = 'by-status'
        projection = AllProjection()
    state = UnicodeAttribute(hash_key=True, attr_name='status')

class Event(Model):
    class Meta:
        table_name = 'Events'
    kind = UnicodeAttribute(hash_key=True, attr_name='PK')
    at = UnicodeAttribute(range_key=True)
    state = UnicodeAttribute()
    by_status = StatusIndex()
`;

describe('PynamoDB', () => {
  it('flags Model.scan() on the table named in Meta', async () => {
    const src = `${MODEL}\nfor e in Event.scan():\n    print(e)\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'scan', src, 'scan()');
    assert.equal(f.table, 'Events');
    assert.equal(f.data?.api, 'pynamodb');
    assert.equal(f.data?.operation, 'Event.scan');
  });

  it('flags Model.count() without a hash key as a scan, and not count with one', async () => {
    const src = `${MODEL}\nn = Event.count()\nm = Event.count(kind_id)\n`;
    const fs = await findingsOf(src, { tables: [] });
    assert.deepEqual(
      fs.map((f) => f.rule),
      ['scan'],
    );
    assertOneAt(fs, 'scan', src, 'count()');
  });

  it("flags Model.query('CONSTANT') using the key schema the model declares", async () => {
    const src = `${MODEL}\nEvent.query('AUDIT')\nEvent.query(user_id)\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'AUDIT'");
    assert.equal(
      f.message,
      'Partition key "PK" of table Events is always "AUDIT": every call of this Query reads the same partition, and one partition serves at most 1,000 WCU / 3,000 RCU per second.',
    );
    assert.equal(f.confidence, 'high');
    assert.equal(f.related?.[0]?.line, 11);
  });

  it('flags an index query with a constant, naming the index', async () => {
    const src = `${MODEL}\nEvent.by_status.query('OPEN')\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'OPEN'");
    assert.equal(f.data?.index, 'by-status');
    assert.equal(f.data?.keyAttribute, 'status');
  });

  it("flags Model(hash_key='X').save() and keyword hash keys, not variable ones", async () => {
    const src = `${MODEL}\nEvent(hash_key='LOG', range_key=now).save()\nEvent(kind='LOG2', at=now).save()\nEvent(kind=k, at=now).save()\n`;
    const fs = (await findingsOf(src, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => f.data?.keyValue),
      ['LOG', 'LOG2'],
    );
  });

  it('flags a write that puts a constant into a GSI partition key', async () => {
    const src = `${MODEL}\nEvent(kind=k, at=now, state='NEW').save()\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'NEW'");
    assert.equal(f.data?.index, 'by-status');
  });

  it('finds a model defined in another module', async () => {
    const resolveModule = memoryResolver({ 'models.py': MODEL });
    const src = `from .models import Event\nEvent.scan()\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [], resolveModule }), 'scan', src, 'scan()');
    assert.equal(f.table, 'Events');
  });

  it('ignores classes that are not PynamoDB models (Django)', async () => {
    const src = `from django.db import models\nclass Order(models.Model):\n    pk = models.CharField()\n\nOrder.objects.filter(pk='X')\nOrder(pk='X').save()\nOrder.objects.get(pk='X')\nOrder.scan()\n`;
    assert.deepEqual(await findingsOf(src), []);
  });
});

describe('PartiQL from Python', () => {
  const client = "c = boto3.client('dynamodb')\n";

  it('flags execute_statement with a SELECT that does not pin the partition key', async () => {
    const src = `${HEADER}${client}c.execute_statement(Statement='SELECT * FROM "Orders" WHERE status = ?', Parameters=[{'S': 'OPEN'}])\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, `'SELECT`);
    assert.match(f.message, /^PartiQL SELECT on table Orders does not pin the partition key "pk" with = or IN/);
  });

  it('stays silent when the WHERE clause pins the partition key', async () => {
    const src = `${HEADER}${client}c.execute_statement(Statement='SELECT * FROM "Orders" WHERE pk = ?')\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('reads batch_execute_statement and execute_transaction statements, folding f-strings', async () => {
    const src =
      `${HEADER}${client}T = 'Orders'\n` +
      "c.batch_execute_statement(Statements=[{'Statement': f'SELECT * FROM \"{T}\"'}])\n" +
      "c.execute_transaction(TransactStatements=[{'Statement': 'SELECT a FROM Orders WHERE pk = ?'}, {'Statement': 'SELECT b FROM Orders'}])\n";
    const fs = await findingsOf(src);
    assert.equal(fs.length, 2);
    assert.deepEqual(
      fs.map((f) => f.table),
      ['Orders', 'Orders'],
    );
    assert.match(fs[1]?.message ?? '', /has no WHERE clause/);
  });
});

describe('PartiQL from Python, through the rules JavaScript uses', () => {
  const client = "c = boto3.client('dynamodb')\n";

  it('flags a statement whose partition key, of the table or of a GSI, is a literal', async () => {
    const src =
      `${HEADER}${client}def audit(sk):\n` +
      `    c.execute_statement(Statement="INSERT INTO \\"Orders\\" VALUE {'pk': 'AUDIT', 'sk': ?, 'status': 'NEW'}", Parameters=[sk])\n` +
      `    c.execute_statement(Statement="SELECT * FROM \\"Orders\\" WHERE pk = 'AUDIT' AND sk > ?", Parameters=[sk])\n`;
    const fs = (await findingsOf(src)).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => [f.line, f.confidence, f.data?.api, f.data?.keyAttribute, f.data?.keyValue, f.data?.index]),
      [
        [6, 'high', 'partiql', 'pk', 'AUDIT', undefined],
        [6, 'high', 'partiql', 'status', 'NEW', 'byStatus'],
        [7, 'high', 'partiql', 'pk', 'AUDIT', undefined],
      ],
    );
    assert.match(fs[2]?.message ?? '', /every call of this statement reads the same partition/);
  });

  it('leaves parameters and OR-branches alone, and a WHERE clause that tests each branch with = on a table no source knows', async () => {
    const src =
      `${HEADER}${client}def f(pk):\n` +
      `    c.execute_statement(Statement="INSERT INTO \\"Orders\\" VALUE {'pk': ?, 'sk': 'A'}", Parameters=[pk])\n` +
      `    c.execute_statement(Statement="SELECT * FROM \\"Orders\\" WHERE pk = 'A' OR pk = 'B'")\n` +
      `    c.execute_statement(Statement="SELECT * FROM \\"Unknown\\" WHERE code = 'A' OR kind = 'B'")\n`;
    assert.deepEqual(await findingsOf(src), []);
  });
});

describe('look-alikes stay silent', () => {
  const silent: Array<[string, string]> = [
    [
      'ScanIndexForward and scan_index_forward',
      `${HEADER}t = boto3.resource('dynamodb').Table('Orders')\nt.query(KeyConditionExpression=Key('pk').eq(pk), ScanIndexForward=False)\nscan_index_forward = False\n`,
    ],
    [
      'S3 put_object(Key=...)',
      "import boto3\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b', Key='PK', Body=b'')\ns3.get_object(Bucket='b', Key='x')\n",
    ],
    [
      'Elasticsearch scan helpers',
      "from elasticsearch import Elasticsearch, helpers\nes = Elasticsearch()\nfor hit in helpers.scan(es, query={'query': {}}, index='orders'):\n    pass\nes.search(index='x', query={})\n",
    ],
    ['pandas query', "import pandas as pd\ndf = pd.read_csv('x.csv')\ndf.query('pk == 1')\n"],
    [
      'an unknown receiver without DynamoDB fields',
      'def f(scanner):\n    scanner.scan()\n    repo.query(pk="X")\n    repo.put_item({"pk": "X"})\n',
    ],
    [
      'docstrings and comments',
      '"""Use table.scan() and boto3 put_item with pk = "X"."""\n# table.scan(TableName="Orders")\nx = 1\n',
    ],
    ['another boto3 service client', "import boto3\nsqs = boto3.client('sqs')\nsqs.scan(TableName='Orders')\n"],
  ];
  for (const [what, src] of silent) {
    it(what, async () => {
      assert.deepEqual(await findingsOf(src), []);
    });
  }

  it('flags an unresolved receiver whose request has DynamoDB fields, with low confidence', async () => {
    const src = 'def f(db):\n    return db.scan(TableName="Orders", FilterExpression="a = :a")\n';
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan(');
    assert.equal(f.confidence, 'low');
    assert.equal(f.data?.api, 'unresolved');
  });
});

describe('Python analysis entry', () => {
  it('skips files that cannot hold DynamoDB code without parsing them', async () => {
    const r = await analyze('def add(a, b):\n    return a + b\n');
    assert.equal(r.skipped, 'prefilter');
  });

  it('respects severities, including off', async () => {
    const src = `${HEADER}boto3.client('dynamodb').scan(TableName='Orders')\n`;
    assert.equal((await findingsOf(src, { severities: { scan: 'error' } }))[0]?.severity, 'error');
    assert.deepEqual(await findingsOf(src, { severities: { scan: 'off' } }), []);
  });

  it('reports operations it does not flag, with key provenance', async () => {
    const src = `${HEADER}t = boto3.resource('dynamodb').Table('Orders')\ndef get(order_id):\n    return t.get_item(Key={'pk': order_id, 'sk': 'META'})\n`;
    const r = await analyze(src);
    assert.deepEqual(r.findings, []);
    const op = r.operations[0];
    assert.equal(op?.kind, 'get');
    assert.deepEqual(
      op?.keyValues.map((k) => [k.attribute, k.value.kind]),
      [
        ['pk', 'parameter'],
        ['sk', 'constant'],
      ],
    );
  });

  it('survives source that does not parse cleanly', async () => {
    const r = await analyze(`${HEADER}t = boto3.resource('dynamodb').Table('Orders')\ndef f(:\n    t.scan(\n`);
    assert.ok(Array.isArray(r.findings));
  });
});

describe('Python robustness', () => {
  it('follows a lazily created module-level table (global in a getter)', async () => {
    const src = `${HEADER}_table = None\n\ndef get_table():\n    global _table\n    if _table is None:\n        _table = boto3.resource('dynamodb').Table('Orders')\n    return _table\n\ndef f():\n    return get_table().scan()\n`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan()');
    assert.equal(f.table, 'Orders');
  });

  it('never throws on any prefix of a DynamoDB module (unfinished code as typed)', async () => {
    const src = `${HEADER}${MODEL}\nt = boto3.resource('dynamodb').Table(f"{os.environ['ORDERS_TABLE']}")\ndef f(x):\n    t.put_item(Item={'pk': 'A' % (x,), **x})\n    Event.query('X', Event.at > 1)\n    return t.query(KeyConditionExpression=Key('pk').eq('A') & Key('sk').between('a', 'b'))\n`;
    for (let end = 0; end <= src.length; end += 7) {
      const r = await analyze(src.slice(0, end));
      assert.equal(r.error, undefined);
    }
  });

  it('stays within its step allowance on names that fan out', { timeout: 20_000 }, async () => {
    // Each name is assigned four times from the one before: without an allowance, 4^depth evaluations.
    const lines = ['import boto3', "a0 = boto3.resource('dynamodb')"];
    for (let i = 1; i < 30; i++) for (let k = 0; k < 4; k++) lines.push(`a${i} = a${i - 1}`);
    lines.push("a29.Table('Orders').scan()");
    const r = await analyze(`${lines.join('\n')}\n`);
    assert.equal(r.error, undefined);
  });
});

describe('PynamoDB tables named by the environment', () => {
  it('resolves Meta.table_name = os.environ[...] through the infrastructure wiring', async () => {
    const src =
      "import os\nfrom pynamodb.models import Model\nfrom pynamodb.attributes import UnicodeAttribute\n\nclass Order(Model):\n    class Meta:\n        table_name = os.environ['ORDERS_TABLE']\n    pk = UnicodeAttribute(hash_key=True)\n\nOrder.query(hash_key='ALL')\n";
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'ALL'");
    assert.equal(f.table, 'Orders');
    assert.equal(f.related?.[0]?.file, 'template.yaml');
  });
});

test('`cls.scan()` in a classmethod of a PynamoDB model is a Scan of that model', async () => {
  const source = [
    'from pynamodb.models import Model',
    'from pynamodb.attributes import UnicodeAttribute',
    'class ModStatus(Model):',
    '    class Meta:',
    '        table_name = "mods"',
    '    name = UnicodeAttribute(hash_key=True)',
    '    @classmethod',
    '    def export_all(cls):',
    '        return list(cls.scan(rate_limit=5))',
    '    def not_a_classmethod(cls):',
    '        return cls.scan()',
    '',
  ].join('\n');
  const scans = (await findingsOf(source, { tables: [] })).filter((f) => f.rule === 'scan');
  assert.deepEqual(
    scans.map((f) => [f.line, f.table, f.data?.api]),
    [[9, 'mods', 'pynamodb']],
  );
});
