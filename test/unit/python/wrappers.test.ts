// Python wrapper summaries: calls of functions and methods that reach DynamoDB, in the file, in
// imported modules and through several levels, reported at the call that passes a constant or
// calls a Scan wrapper of another module.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PythonAnalyzeOptions } from '../../../src/core/python/analyzePython';
import { PythonAnalyzer } from '../../../src/core/python/analyzePython';
import { pythonModuleCandidates } from '../../../src/core/python/pythonModules';
import { callsPythonWrapper, learnPythonWrapperNames } from '../../../src/core/python/wrapperNames';
import { HEADER, analyze, assertOneAt } from './pythonFixtures';

/** Resolves imports against an in-memory project: `a/b.py`, then `a/b/__init__.py`. */
function project(files: Record<string, string>): NonNullable<PythonAnalyzeOptions['resolveModule']> {
  return (from, module) => {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    let dir = dots > 0 ? from.split('/').slice(0, -1) : [];
    dir = dir.slice(0, Math.max(0, dir.length - Math.max(0, dots - 1)));
    const base = [
      ...dir,
      ...module
        .slice(dots)
        .split('.')
        .filter((p) => p.length > 0),
    ].join('/');
    for (const name of [`${base}.py`, `${base}/__init__.py`]) {
      const text = files[name];
      if (text !== undefined) return { fileName: name, text };
    }
    return undefined;
  };
}

/** A repository class over a table, in `store/dynamo.py`. */
const DYNAMO = [
  'import os',
  'import boto3',
  'from boto3.dynamodb.conditions import Key',
  '',
  'class DynamoDB:',
  '    def __init__(self, table_name):',
  "        self.table = boto3.resource('dynamodb').Table(table_name)",
  '',
  '    def find_by_partition_key(self, value):',
  "        return self.table.query(KeyConditionExpression=Key('pk').eq(value))['Items']",
  '',
  '    def find_all(self):',
  "        return self.table.scan()['Items']",
  '',
  '    def put_item(self, item):',
  '        self.table.put_item(Item=item)',
  '',
  '    @property',
  '    def everything(self):',
  "        return self.table.scan()['Items']",
  '',
  '    def each(self):',
  "        for item in self.table.scan()['Items']:",
  '            yield item',
  '',
].join('\n');

const CONSTANTS = "STATUS_STARTED = 'Started'\n";

function options(files: Record<string, string>): Partial<PythonAnalyzeOptions> {
  return { tables: [], resolveModule: project(files) };
}

const files = { 'store/dynamo.py': DYNAMO, 'consts.py': CONSTANTS, 'store/__init__.py': '' };

describe('Python wrappers across modules', () => {
  it('reports a constant passed to an imported repository method where the call passes it', async () => {
    const src = [
      'import os',
      'from store.dynamo import DynamoDB',
      "PK = 'jobs'",
      'class Jobs:',
      '    def __init__(self):',
      "        self.db = DynamoDB(os.environ['JOBS'])",
      '    def all_jobs(self):',
      '        return self.db.find_by_partition_key(PK)',
      '',
    ].join('\n');
    const r = await analyze(src, options(files));
    const f = assertOneAt(r.findings, 'single-value-partition-key', src, 'PK)');
    assert.equal(f.data?.keyValue, 'jobs');
    const origin = f.related?.find((x) => x.file === 'store/dynamo.py');
    assert.equal(origin?.line, 10, 'the Query in the wrapper is related information');
    const op = r.operations.find((o) => o.callChain);
    assert.equal(op?.originFile, 'store/dynamo.py');
    assert.equal(op?.callChain?.[0]?.function, 'DynamoDB.find_by_partition_key');
    assert.equal(op?.table?.envVar, 'JOBS', 'the table is the one the instance was made with');
  });

  it('reads an imported module constant (`import consts`, `consts.X`) passed as the key', async () => {
    const src = [
      'import consts',
      'from store.dynamo import DynamoDB',
      "db = DynamoDB('Jobs')",
      'def started():',
      '    return db.find_by_partition_key(consts.STATUS_STARTED)',
      '',
    ].join('\n');
    const f = assertOneAt(
      await analyze(src, options(files)).then((r) => r.findings),
      'single-value-partition-key',
      src,
      'consts.STATUS_STARTED',
    );
    assert.equal(f.data?.keyValue, 'Started');
  });

  it('reads imported module constants as key values of an operation of the file itself', async () => {
    const consts = {
      'app_consts/__init__.py': 'from .status import STARTED\n',
      'app_consts/status.py': "STARTED = 'Started'\n",
    };
    for (const [imports, value] of [
      ['from app_consts import STARTED', 'STARTED'],
      ['import app_consts', 'app_consts.STARTED'],
      ['from app_consts import status as s', 's.STARTED'],
    ] as const) {
      const src = `${HEADER}${imports}\nt = boto3.resource('dynamodb').Table('Orders')\ndef f(x):\n    t.put_item(Item={'pk': ${value}, 'sk': x})\n`;
      const f = assertOneAt(
        (await analyze(src, options(consts))).findings,
        'single-value-partition-key',
        src,
        `${value},`,
      );
      assert.equal(f.data?.keyValue, 'Started', imports);
    }
  });

  it('follows `import pkg.mod as m`, relative imports and package re-exports', async () => {
    const pkg = { ...files, 'store/__init__.py': 'from .dynamo import DynamoDB\n' };
    for (const [imports, make] of [
      ['import store.dynamo as m', 'm.DynamoDB'],
      ['import store.dynamo', 'store.dynamo.DynamoDB'],
      ['from .store.dynamo import DynamoDB', 'DynamoDB'],
      ['from store import DynamoDB', 'DynamoDB'],
    ] as const) {
      const src = `${imports}\ndb = ${make}('Jobs')\ndef f():\n    return db.find_by_partition_key('ALL')\n`;
      const findings = (await analyze(src, options(pkg))).findings;
      assertOneAt(findings, 'single-value-partition-key', src, "'ALL'");
    }
  });

  it('reports the whole item a caller gives a put wrapper, at the constant in the caller', async () => {
    const src = [
      'from store.dynamo import DynamoDB',
      "PK = 'jobs'",
      "db = DynamoDB('Jobs')",
      'def create(request, job_id):',
      '    job = dict(request, pk=PK, sk=job_id)',
      '    db.put_item(job)',
      'def marker(job_id):',
      "    db.put_item({'pk': 'marker', 'sk': job_id})",
      '',
    ].join('\n');
    const findings = (await analyze(src, options(files))).findings.filter(
      (f) => f.rule === 'single-value-partition-key',
    );
    assert.deepEqual(
      findings.map((f) => [f.line, f.data?.keyValue]),
      [
        [5, 'jobs'],
        [8, 'marker'],
      ],
    );
  });

  it('reports calls of an imported Scan wrapper: a method, a property and a generator', async () => {
    const src = [
      'from store.dynamo import DynamoDB',
      "db = DynamoDB('Jobs')",
      'def handler(event, context):',
      '    a = db.find_all()',
      '    b = db.everything',
      '    c = list(db.each())',
      '    return a, b, c',
      '',
    ].join('\n');
    const findings = (await analyze(src, options(files))).findings.filter((f) => f.rule === 'scan');
    assert.deepEqual(
      findings.map((f) => [f.line, f.table]),
      [
        [4, 'Jobs'],
        [5, 'Jobs'],
        [6, 'Jobs'],
      ],
    );
    assert.match(findings[0]?.related?.[0]?.message ?? '', /The Scan is in DynamoDB\.find_all/);
  });

  it('follows wrappers of wrappers, in another module, and reports each call between', async () => {
    const repo = [
      'from store.dynamo import DynamoDB',
      "db = DynamoDB('Jobs')",
      'def by_kind(kind):',
      '    return db.find_by_partition_key(kind)',
      'def everything():',
      '    return db.find_all()',
      '',
    ].join('\n');
    const src = [
      'from repo import by_kind, everything',
      'def audit():',
      "    return by_kind('AUDIT')",
      'def dump():',
      '    return everything()',
      '',
    ].join('\n');
    const r = await analyze(src, options({ ...files, 'repo.py': repo }));
    const key = assertOneAt(r.findings, 'single-value-partition-key', src, "'AUDIT'");
    assert.deepEqual(
      key.related?.map((x) => [x.file, x.line]),
      [
        ['store/dynamo.py', 10],
        ['repo.py', 4],
      ],
    );
    assertOneAt(r.findings, 'scan', src, 'everything()');
  });

  it('follows a function handed to a thread as running', async () => {
    const parallel = [
      'import threading',
      'def scan_segment(client, name):',
      '    client.scan(TableName=name, Segment=0, TotalSegments=4)',
      'def parallel_scan(client, name):',
      '    t = threading.Thread(target=scan_segment, args=(client, name))',
      '    t.start()',
      '',
    ].join('\n');
    const src = "from parallel import parallel_scan\ndef users(client):\n    return parallel_scan(client, 'Users')\n";
    assertOneAt(
      (await analyze(src, options({ 'parallel.py': parallel }))).findings,
      'scan',
      src,
      'parallel_scan(client',
    );
  });
});

describe('Python wrappers across modules, edited', () => {
  it('gives the same findings and operations as a full analysis after each edit of the calling file', async () => {
    const opts = { tables: [], resolveModule: project(files) };
    const live = await PythonAnalyzer.create(opts);
    const full = await PythonAnalyzer.create(opts);
    try {
      let text = [
        'import os',
        'from store.dynamo import DynamoDB',
        "PK = 'jobs'",
        "db = DynamoDB('Jobs')",
        'def helper(kind):',
        '    return db.find_by_partition_key(kind)',
        'def a():',
        '    return db.find_by_partition_key(PK)',
        'def b():',
        "    return helper('X')",
        'def c():',
        '    return db.find_all()',
        '',
      ].join('\n');
      live.update('app.py', text);
      const edits: Array<[string, string]> = [
        ["PK = 'jobs'", "PK = 'orders'"],
        ['def a():', '\n\ndef a():'],
        ["helper('X')", 'helper(os.environ["K"])'],
        ['db.find_all()', 'db.find_by_partition_key(PK)'],
        ['    return db.find_by_partition_key(kind)', '    return db.find_all()'],
      ];
      for (const [search, by] of edits) {
        const at = text.indexOf(search);
        assert.ok(at >= 0, search);
        const next = text.slice(0, at) + by + text.slice(at + search.length);
        const got = live.update('app.py', next, { start: at, oldLength: search.length, newLength: by.length });
        const want = full.update('app.py', next);
        full.forget('app.py');
        assert.deepEqual(got.findings, want.findings, `after ${search} -> ${by}`);
        assert.deepEqual(got.operations, want.operations, `after ${search} -> ${by}`);
        text = next;
      }
      assert.ok(live.update('app.py', text).findings.length >= 3);
    } finally {
      live.dispose();
      full.dispose();
    }
  });
});

describe('Python repository receivers', () => {
  it('takes a value annotated with a boto3 type stub for what the stub names', async () => {
    const src = [
      HEADER,
      'from mypy_boto3_dynamodb.service_resource import Table',
      'from mypy_boto3_dynamodb import DynamoDBClient',
      'from mypy_boto3_s3.service_resource import Bucket',
      'class Store:',
      '    def __init__(self, session):',
      '        self.table: Table = session.get_resource().Table("t")',
      '        self.client: DynamoDBClient = session.get_client()',
      '        self.bucket: Bucket = session.get_bucket()',
      '    def save(self):',
      "        self.table.put_item(Item={'pk': 'A'})",
      '    def everything(self):',
      '        return self.client.scan(Limit=10)',
      '    def objects(self):',
      '        return self.bucket.query(Limit=10)',
      '',
    ].join('\n');
    const findings = (await analyze(src, { tables: [] })).findings;
    assert.deepEqual(
      findings.map((f) => [f.line, f.rule]),
      [
        [14, 'single-value-partition-key'],
        [16, 'scan'],
      ],
    );
  });
});

describe('Python key conditions held in a name', () => {
  it('reads a key condition assigned to a name of the same function, through a wrapper', async () => {
    const repo = [
      'import boto3',
      'from boto3.dynamodb.conditions import Key',
      "table = boto3.resource('dynamodb').Table('Jobs')",
      "def query(partition_key, prefix=''):",
      "    condition = Key('pk').eq(partition_key) & Key('sk').begins_with(prefix)",
      '    params = dict(KeyConditionExpression=condition, Limit=100)',
      "    return table.query(**params)['Items']",
      '',
    ].join('\n');
    const src =
      "from repo import query\nMARKER = 'marker'\ndef markers(kind):\n    return query(MARKER, kind)\ndef mine(user):\n    return query(user)\n";
    const f = assertOneAt(
      (await analyze(src, options({ 'repo.py': repo }))).findings,
      'single-value-partition-key',
      src,
      'MARKER,',
    );
    assert.equal(f.data?.keyValue, 'marker');
  });
});

describe('Python wrappers: what is not reported at the call', () => {
  it('is silent when the call passes a value that varies, or its own parameter', async () => {
    const src = [
      'from store.dynamo import DynamoDB',
      "db = DynamoDB('Jobs')",
      'def one(user_id):',
      '    return db.find_by_partition_key(user_id)',
      'def two(event):',
      "    return db.find_by_partition_key(event['id'])",
      'def put(job):',
      '    db.put_item(job)',
      '',
    ].join('\n');
    const r = await analyze(src, options(files));
    assert.deepEqual(r.findings, []);
  });

  it('reports a Scan wrapper of the same file where its Scan is written, not at each call', async () => {
    const src = `${HEADER}t = boto3.resource('dynamodb').Table('Orders')\ndef list_all():\n    return t.scan()['Items']\ndef handler(e, c):\n    return list_all()\n`;
    const findings = (await analyze(src)).findings.filter((f) => f.rule === 'scan');
    assert.deepEqual(
      findings.map((f) => f.line),
      [6],
    );
  });

  it('does not take a same-named function of another library, or a parameter of another function, for the wrapper', async () => {
    const other = 'def find_all():\n    return []\n';
    const src = [
      'import json',
      'from helpers import find_all',
      'from store.dynamo import DynamoDB',
      'def f(s):',
      '    json.find_all(s)',
      '    return find_all()',
      '',
    ].join('\n');
    assert.deepEqual((await analyze(src, options({ ...files, 'helpers.py': other }))).findings, []);
  });

  it('is silent for a constant written inside the wrapper (reported there, once)', async () => {
    const repo =
      "from store.dynamo import DynamoDB\ndb = DynamoDB('Jobs')\ndef markers():\n    return db.find_by_partition_key('MARKER')\n";
    const src = 'from repo import markers\ndef f():\n    return markers()\n';
    const r = await analyze(src, options({ ...files, 'repo.py': repo }));
    assert.deepEqual(r.findings, []);
  });
});

describe('Python wrapper names', () => {
  it('analyzes a file that names no DynamoDB API but calls a project wrapper', async () => {
    const src = 'from store import jobs\ndef f():\n    return jobs.find_all()\n';
    const store = { ...files, 'store/__init__.py': "from .dynamo import DynamoDB\njobs = DynamoDB('Jobs')\n" };
    const analyzer = await PythonAnalyzer.create({ tables: [] });
    try {
      assert.equal(analyzer.update('app.py', src).skipped, 'prefilter', 'nothing in the text says DynamoDB');
      analyzer.setWrapperNames(['find_all']);
      assert.equal(analyzer.update('app.py', src).skipped, undefined, 'a project wrapper is called');
    } finally {
      analyzer.dispose();
    }
    // With the module at hand, its wrappers are learned from it.
    const r = await analyze(src, options(store));
    assert.equal(r.skipped, undefined);
    assert.equal(r.findings.filter((f) => f.rule === 'scan').length, 1);
  });

  it('looks for a package installed from its own folder of the repository', () => {
    const c = pythonModuleCandidates('/r/services/api/app.py', 'vault.models.user', '/r');
    assert.ok(c.includes('/r/vault/vault/models/user.py'), 'a setup.py layout');
    assert.ok(c.includes('/r/src/vault/models/user.py'), 'a src layout');
    assert.ok(c.includes('/r/lib/vault/vault/models/user.py'), 'a lib folder of packages');
    assert.ok(
      c.indexOf('/r/vault/models/user.py') < c.indexOf('/r/vault/vault/models/user.py'),
      'the plain layout is looked for first',
    );
  });

  it('learns wrapper names from the text: SDK calls, calls of wrappers, functions handed on, imported names', () => {
    const names = new Set<string>();
    learnPythonWrapperNames(
      [
        'import threading',
        'def scan_segment(client, name):',
        '    return client.scan(TableName=name)',
        'def scan(',
        '    client,',
        '    name,',
        '):',
        '    threading.Thread(target=scan_segment, args=(client, name)).start()',
        'def unrelated():',
        '    return 1',
        '',
      ].join('\n'),
      names,
    );
    assert.deepEqual([...names].sort(), ['scan', 'scan_segment']);
    learnPythonWrapperNames(
      'from .parallel import scan\nclass Profile:\n    def all_filtered(self):\n        return scan(self.client, "t")\n    def other(self):\n        return [].count(1)\n',
      names,
    );
    assert.ok(names.has('all_filtered'), 'a bare call of a generic wrapper name the file imports');
    // A generic name admits a file only as a method of its own class; a compound name, called anyhow.
    assert.equal(callsPythonWrapper('x = scan(a)\n', ['scan']), false);
    assert.equal(callsPythonWrapper('x = self.scan(a)\n', ['scan']), true);
    assert.equal(callsPythonWrapper('x = vault.all_filtered(a)\n', ['all_filtered']), true);
  });
});

describe('Python wrappers that hand out a function', () => {
  it('a lambda returned or stored does not scan at the call; one given to map does', async () => {
    const lib = [
      'import boto3',
      "table = boto3.resource('dynamodb').Table('Orders')",
      'def make_lister():',
      '    return lambda: table.scan()',
      'def make_task():',
      "    return {'run': lambda: table.scan()}",
      'def scan_each(names):',
      '    return list(map(lambda n: table.scan(), names))',
      '',
    ].join('\n');
    const src = [
      'from tasks import make_lister, make_task, scan_each',
      'def plugins():',
      '    return [make_lister(), make_task()]',
      'def handler():',
      "    return scan_each(['a'])",
      '',
    ].join('\n');
    const r = await analyze(src, options({ 'tasks.py': lib }));
    assert.deepEqual(
      r.findings.filter((f) => f.rule === 'scan').map((f) => f.line),
      [5],
    );
  });
});
