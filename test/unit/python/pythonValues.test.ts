// Value resolution inside a function or module (issue 12): inherited PynamoDB keys, typed values,
// transaction items built away from their call, dicts built step by step, and receivers that
// other calls show to be DynamoDB tables. Each form has a look-alike that must stay silent.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PythonAnalysis, PythonAnalyzer } from '../../../src/core/python/analyzePython';
import { HEADER, assertOneAt, findingsOf } from './pythonFixtures';

const BASE_MODEL = `from pynamodb.models import Model
from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, AllProjection

class KindIndex(GlobalSecondaryIndex):
    class Meta:
        projection = AllProjection()
    kind = UnicodeAttribute(hash_key=True)

class SecretBase(Model):
    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    name = UnicodeAttribute()

class Secret(SecretBase):
    class Meta:
        table_name = 'Secrets'
    kind_index = KindIndex()
`;

describe('PynamoDB model with keys on a base class', () => {
  it('flags an instance built with a constant GSI hash key and saved later', async () => {
    const src = `${BASE_MODEL}
def create(name):
    s = Secret(
        id=new_id(),
        kind='secret',
        name=name,
    )
    s.save()
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'secret'");
    assert.equal(f.data?.index, 'KindIndex');
    assert.equal(f.table, 'Secrets');
  });

  it('flags Model(...).save() with the base class hash key constant', async () => {
    const src = `${BASE_MODEL}\ndef create(name):\n    Secret(id='singleton', kind=k, name=name).save()\n`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'singleton'");
    assert.equal(f.data?.keyAttribute, 'id');
  });

  it('stays silent when the GSI hash key varies', async () => {
    const src = `${BASE_MODEL}\ndef create(name, kind):\n    s = Secret(id=new_id(), kind=kind, name=name)\n    s.save()\n`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('PynamoDB model built from a kwargs dict', () => {
  it('reads the hash key from a dict the function builds and splats', async () => {
    const src = `${BASE_MODEL}
def archive(name):
    fields = {'id': new_id(), 'name': name}
    fields['kind'] = 'archived'
    Secret(**fields).save()
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, "'archived'");
    assert.equal(f.data?.index, 'KindIndex');
  });

  it('stays silent when the splatted dict comes from the caller', async () => {
    const src = `${BASE_MODEL}\ndef archive(fields):\n    Secret(**fields).save()\n`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('typed attribute values with no known key schema', () => {
  const CLIENT = `${HEADER}client = boto3.client('dynamodb')\n`;

  it('flags an update whose whole Key is constant typed values', async () => {
    const src = `${CLIENT}
def register(table_name, ids):
    client.update_item(
        TableName=table_name,
        Key={"type": {"S": "config"}, "name": {"S": "scheduler"}},
        UpdateExpression="add ids :a",
        ExpressionAttributeValues={":a": {"SS": list(ids)}},
    )
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, '"config"');
    assert.match(f.message, /"type" = "config", "name" = "scheduler"/);
    assert.equal(f.confidence, 'medium');
  });

  it('stays silent when one attribute of the Key varies, or on an S3 Key', async () => {
    const src = `${CLIENT}
s3 = boto3.client('s3')
def remove(table_name, name):
    client.delete_item(TableName=table_name, Key={"type": {"S": "config"}, "name": {"S": name}})
    s3.delete_object(Bucket='b', Key='config')
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });

  it('flags an index Query whose equalities are all constant typed values', async () => {
    const src = `${CLIENT}
def pending():
    return client.query(
        TableName=os.environ["DOCS"],
        IndexName=os.environ["BY_STATUS"],
        KeyConditionExpression="#status = :status AND #kind = :kind",
        ExpressionAttributeNames={"#status": "status", "#kind": "kind"},
        ExpressionAttributeValues={":status": {"S": "pending"}, ":kind": {"S": "post"}},
    )
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, '"pending"}');
    assert.equal(f.data?.keyAttribute, 'status');
  });

  it('stays silent when one equality varies or the constant is only in the filter', async () => {
    const src = `${CLIENT}
def by_kind(kind):
    client.query(
        TableName="Docs",
        KeyConditionExpression="#status = :status AND #kind = :kind",
        ExpressionAttributeNames={"#status": "status", "#kind": "kind"},
        ExpressionAttributeValues={":status": {"S": "pending"}, ":kind": {"S": kind}},
    )
    client.query(
        TableName="Docs",
        KeyConditionExpression="#kind = :kind AND #at > :at",
        FilterExpression="#status = :status",
        ExpressionAttributeNames={"#status": "status", "#kind": "kind", "#at": "at"},
        ExpressionAttributeValues={":status": {"S": "pending"}, ":kind": {"S": kind}, ":at": {"N": "0"}},
    )
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('transaction entries built away from the transaction call', () => {
  it('flags a returned Delete entry whose Key has a constant typed partition key', async () => {
    const src = `${HEADER}
class Store:
    def __init__(self, table_name):
        self._table = table_name

    def transact_delete(self, name):
        return [
            {
                "Delete": {
                    "Key": {"pk": {"S": "schedule"}, "sk": {"S": name}},
                    "TableName": self._table,
                }
            }
        ]
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, '"schedule"');
    assert.equal(f.data?.operation, 'transact_write_items');
    assert.equal(f.confidence, 'low');
  });

  it('reports an entry once when the transaction call reads it from a variable', async () => {
    const src = `${HEADER}client = boto3.client('dynamodb')
def remove(name):
    entry = {"Delete": {"Key": {"pk": {"S": "schedule"}, "sk": {"S": name}}, "TableName": "T"}}
    client.transact_write_items(TransactItems=[entry])
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'single-value-partition-key', src, '"schedule"');
    assert.equal(f.confidence, 'low');
  });

  it('stays silent for a look-alike without TableName, and for a variable key', async () => {
    const src = `${HEADER}
def entries(name, kind):
    return [
        {"Delete": {"Key": {"pk": {"S": "schedule"}}}},
        {"Delete": {"Key": {"pk": {"S": kind}, "sk": {"S": name}}, "TableName": "T"}},
    ]
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('items built step by step', () => {
  const TABLE = `${HEADER}table = boto3.resource('dynamodb').Table(os.environ['ORDERS_TABLE'])\n`;

  it('reads the assignment that reaches the put in its branch', async () => {
    const src = `${TABLE}
def save(order_id, existing):
    order = None
    if existing:
        order = existing
        table.update_item(Key={'pk': order_id}, UpdateExpression='SET n = :n', ExpressionAttributeValues={':n': 1})
    else:
        order = {'pk': order_id, 'sk': 'v0', 'status': 'submitted'}
        table.put_item(Item=order)
`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'submitted'");
    assert.equal(f.data?.index, 'byStatus');
  });

  it('reads a subscript assignment added after the literal', async () => {
    const src = `${TABLE}
def save(order_id):
    order = {'pk': order_id, 'sk': 'v0'}
    order['status'] = 'pending'
    table.put_item(Item=order)
`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'pending'");
    assert.equal(f.data?.index, 'byStatus');
  });

  it('stays silent when another branch may have assigned the item, or a later turn of a loop', async () => {
    const src = `${TABLE}
def save(order_id, existing, rows):
    order = {'pk': order_id, 'sk': 'v0', 'status': 'submitted'}
    if existing:
        order = existing
    table.put_item(Item=order)
    row = {'pk': order_id, 'sk': 'v1', 'status': 'pending'}
    for r in rows:
        table.put_item(Item=row)
        row = r
`;
    assert.deepEqual(await findingsOf(src), []);
  });
});

describe('receivers that other calls show to be DynamoDB', () => {
  it('flags a bare self.table.scan() when the class queries self.table with a key condition', async () => {
    const src = `${HEADER}
class Vault:
    def __init__(self, table_resource):
        self.table = table_resource

    def find(self, id):
        return self.table.query(KeyConditionExpression=Key("id").eq(id))

    @property
    def all(self):
        return self.table.scan()["Items"]
`;
    const f = assertOneAt(await findingsOf(src, { tables: [] }), 'scan', src, 'scan()');
    assert.equal(f.confidence, 'low');
  });

  it('stays silent for a bare scan() or query() on a receiver nothing else shows to be DynamoDB', async () => {
    const src = `${HEADER}
import pandas as pd
class Report:
    def __init__(self, db, frame):
        self.db = db
        self.frame = frame

    def rows(self):
        self.frame.query("a > 1")
        return self.db.scan()

def local(df):
    df.query("a > 1", inplace=True)
    return df.scan(scan_index_forward=False)
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('module constants in items passed whole to a wrapper', () => {
  const WRAPPER = `${HEADER}
PARTITION_KEY_JOBS = 'jobs'
PARTITION_KEY_MARKER = 'marker'

class Db:
    def __init__(self, table_name):
        self.table = boto3.resource('dynamodb').Table(table_name)

    def put_item(self, item):
        self.table.put_item(Item=item)

    def delete_item(self, key):
        self.table.delete_item(Key=key)
`;

  it('flags a constant partition key in a dict built then passed to the wrapper', async () => {
    const src = `${WRAPPER}
class Jobs:
    def __init__(self):
        self.db = Db(os.environ['JOBS_TABLE'])

    def create(self, request):
        job = dict(request, PartitionKey=PARTITION_KEY_JOBS, SortKey=new_id())
        self.db.put_item(job)
        return job
`;
    const f = assertOneAt(
      await findingsOf(src, { tables: [] }),
      'single-value-partition-key',
      src,
      'PARTITION_KEY_JOBS,',
    );
    assert.equal(f.data?.keyValue, 'jobs');
    assert.deepEqual(
      f.related?.map((r) => r.line),
      [13],
    );
  });

  it('flags a literal Key passed to the wrapper, and a dict a helper of the module returns', async () => {
    const src = `${WRAPPER}
class Jobs:
    def __init__(self):
        self.db = Db(os.environ['JOBS_TABLE'])

    def delete_marker(self, marker):
        self.db.delete_item({'PartitionKey': PARTITION_KEY_MARKER, 'SortKey': marker['SortKey']})

    def save(self, request):
        self.db.put_item(self._to_item(request))

    def _to_item(self, request):
        return dict(request, PartitionKey=PARTITION_KEY_JOBS, SortKey=request['Id'])
`;
    const fs = (await findingsOf(src, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => f.data?.keyValue),
      ['marker', 'jobs'],
    );
  });

  it('stays silent when the passed item varies, or the constant is only the sort key', async () => {
    const src = `${WRAPPER}
class Jobs:
    def __init__(self):
        self.db = Db(os.environ['JOBS_TABLE'])

    def create(self, request, tenant):
        self.db.put_item(dict(request, PartitionKey=tenant, SortKey=PARTITION_KEY_JOBS))
        self.db.put_item(request)
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('index keys that the file reveals', () => {
  const LOCKS = `${HEADER}client = boto3.client('dynamodb')
assets = os.environ['ASSETS_TABLE']

def lock(asset, user):
    client.update_item(
        TableName=assets,
        Key={'AssetId': {'S': asset}},
        UpdateExpression='set Locked = :locked, LockedBy = :by',
        ExpressionAttributeValues={':locked': {'S': 'true'}, ':by': {'S': user}},
    )
`;

  it('flags an update that sets a constant into the hash key of an index the file queries', async () => {
    const src = `${LOCKS}
def locked():
    table_name = assets
    return client.query(
        TableName=table_name,
        IndexName='LockIndex',
        KeyConditionExpression='Locked = :locked',
        ExpressionAttributeValues={':locked': {'S': 'yes'}},
    )
`;
    const fs = (await findingsOf(src, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key');
    assert.deepEqual(
      fs.map((f) => [f.data?.keyValue, f.data?.index]),
      [
        ['true', 'LockIndex'],
        ['yes', 'LockIndex'],
      ],
    );
    assert.match(fs[0]?.message ?? '', /a Query of index LockIndex in this file pins "Locked"/);
  });

  it('stays silent without a Query of the index, or when the index key is the table key', async () => {
    assert.deepEqual(await findingsOf(LOCKS, { tables: [] }), []);
    const src = `${LOCKS}
def by_asset(asset):
    return client.query(
        TableName=assets,
        IndexName='ByAsset',
        KeyConditionExpression='AssetId = :a',
        ExpressionAttributeValues={':a': {'S': asset}},
    )
`;
    assert.deepEqual(await findingsOf(src, { tables: [] }), []);
  });
});

describe('whole-object wrappers in an editor session', () => {
  it('keeps the call-site finding when statements come from the cache and move', async () => {
    const text = `${HEADER}
def put_item(item):
    boto3.resource('dynamodb').Table('Jobs').put_item(Item=item)

def create(request):
    put_item({'PartitionKey': 'jobs', 'SortKey': request['id']})
`;
    const live = await PythonAnalyzer.create({ tables: [] });
    try {
      const keyValues = (r: PythonAnalysis) =>
        r.findings.filter((f) => f.rule === 'single-value-partition-key').map((f) => [f.data?.keyValue, f.line]);
      assert.deepEqual(keyValues(live.update('a.py', text)), [['jobs', 9]]);
      const edited = `# header\n${text}`;
      assert.deepEqual(keyValues(live.update('a.py', edited, { start: 0, oldLength: 0, newLength: 9 })), [
        ['jobs', 10],
      ]);
    } finally {
      live.dispose();
    }
  });
});
