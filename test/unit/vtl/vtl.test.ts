// AppSync VTL mapping templates: `.vtl` files, and templates inline in a CDK stack or a
// CloudFormation template, as operations the rules read; `##` ignore comments; a project run.
import { describe, it, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { applySuppressions } from '../../../src/core/analyzer/suppressions';
import type { Finding } from '../../../src/core/analyzer/finding';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { analyzeInlineVtl, analyzeVtl } from '../../../src/core/vtl/analyzeVtl';
import { detectVtlOperations } from '../../../src/core/vtl/detectOperations';
import { sourceLanguageOf } from '../../../src/core/workspace/sourceLanguage';
import { templateTables } from '../../../src/core/vtl/dataSources';
import { isSourceFile } from '../../../src/core/workspace/fileWalker';

const fixture = path.resolve(__dirname, '../../fixtures/cli/appsync-vtl');

function findings(text: string, tables: TableSchema[] = []): Finding[] {
  return analyzeVtl('Query.x.req.vtl', text, { tables }).findings;
}

/** The one finding of `rule`, asserted to sit exactly on `written` in `text`. */
function oneAt(all: readonly Finding[], rule: string, text: string, written: string): Finding {
  const mine = all.filter((f) => f.rule === rule);
  assert.equal(mine.length, 1, `expected one ${rule} finding, got ${JSON.stringify(all.map((f) => f.rule))}`);
  const f = mine[0] as Finding;
  assert.equal(text.slice(f.offset, f.endOffset), written);
  return f;
}

const ITEMS: TableSchema = {
  name: 'Items',
  aliases: [],
  envVars: [],
  partitionKey: { name: 'tenant' },
  sortKey: { name: 'id' },
  indexes: [{ name: 'byOwner', kind: 'GSI', partitionKey: { name: 'owner' } }],
  source: { kind: 'config' },
};

describe('VTL request templates', () => {
  it('flags a Scan at its operation name, and a Sync, which reads the whole table too', () => {
    const scan = '{\n  "version": "2018-05-29",\n  "operation": "Scan",\n  "limit": 20\n}\n';
    const f = oneAt(findings(scan), 'scan', scan, '"Scan"');
    assert.equal(f.line, 3);
    assert.equal(f.data?.api, 'appsync');
    const sync = '{ "version": "2018-05-29", "operation": "Sync", "limit": 20 }';
    oneAt(findings(sync), 'scan', sync, '"Sync"');
  });

  it('reads a Scan behind #if directives and ## comments, and its filter', () => {
    const text = [
      '## list every item',
      '#set($limit = $util.defaultIfNull($ctx.args.limit, 20))',
      '{',
      '  "version": "2018-05-29",',
      '  #if($ctx.args.nextToken) "nextToken": "$ctx.args.nextToken", #end',
      '  "operation": "Scan",',
      '  "filter": { "expression": "#o = :o", "expressionNames": { "#o": "owner" }, "expressionValues": { ":o": $util.dynamodb.toDynamoDBJson($ctx.args.owner) } }',
      '}',
    ].join('\n');
    const f = oneAt(findings(text), 'scan', text, '"Scan"');
    assert.equal(f.data?.paginated, true);
    assert.deepEqual(f.data?.filterAttributes, ['owner']);
    assert.equal(detectVtlOperations(text)[0]?.filter?.text, '#o = :o');
  });

  it('flags a Query whose partition key is a constant, through a toDynamoDBJson helper and expressionNames', () => {
    const text =
      '{ "operation": "Query", "query": { "expression": "#pk = :pk and begins_with(sk, :sk)", "expressionNames": { "#pk": "pk" }, "expressionValues": { ":pk": $util.dynamodb.toDynamoDBJson("CONFIG"), ":sk": $util.dynamodb.toDynamoDBJson($ctx.args.p) } } }';
    const f = oneAt(findings(text), 'single-value-partition-key', text, '"CONFIG"');
    assert.equal(f.data?.keyAttribute, 'pk');
    assert.equal(f.data?.keyValue, 'CONFIG');
    // No source knows the table, so the key taken from the key condition is a guess, as in JS/TS and Python.
    assert.equal(f.confidence, 'low');
  });

  it('does not flag a Query keyed by the arguments, the identity, or an interpolated string', () => {
    for (const value of [
      '$util.dynamodb.toDynamoDBJson($ctx.args.userId)',
      '$util.dynamodb.toDynamoDBJson($context.arguments.userId)',
      '$util.dynamodb.toDynamoDBJson($ctx.identity.sub)',
      '{ "S": "USER#${ctx.args.id}" }',
      '{ "S": "$ctx.args.id" }',
    ]) {
      const text = `{ "operation": "Query", "query": { "expression": "pk = :pk", "expressionValues": { ":pk": ${value} } } }`;
      assert.deepEqual(findings(text), [], value);
    }
  });

  it('flags constant key values of writes: typed literals and #set variables assigned once', () => {
    const text = [
      '#set($kind = "SETTINGS")',
      '{ "operation": "PutItem", "key": { "pk": { "S": "CONFIG" }, "sk": $util.dynamodb.toDynamoDBJson($kind) },',
      '  "attributeValues": $util.dynamodb.toMapValuesJson($ctx.args.input) }',
    ].join('\n');
    oneAt(findings(text), 'single-value-partition-key', text, '"CONFIG"');
    const deleted =
      '{ "operation": "DeleteItem", "key": { "PK": $util.dynamodb.toDynamoDB("ORG"), "SK": { "S": "$ctx.args.id" } } }';
    oneAt(findings(deleted), 'single-value-partition-key', deleted, '"ORG"');
    // A variable assigned two different values is not one constant.
    const twice = [
      '#if($ctx.args.a) #set($pk = "A") #else #set($pk = "B") #end',
      '{ "operation": "PutItem", "key": { "pk": $util.dynamodb.toDynamoDBJson($pk) } }',
    ].join('\n');
    assert.deepEqual(findings(twice), []);
    // A variable set to an expression that starts with a literal is not that literal.
    const joined = [
      '#set ($pk = "FOLLOWS_" + $context.source.id)',
      '{ "operation": "GetItem", "key": { "pk": $util.dynamodb.toDynamoDBJson($pk), "sk": { "S": "A" } } }',
    ].join('\n');
    assert.deepEqual(findings(joined), []);
  });

  it('flags a GetItem whose whole key is constant as a hot key read, not one with an argument in the key', () => {
    const text =
      '{ "operation": "GetItem", "key": { "pk": $util.dynamodb.toDynamoDBJson("CONFIG"), "sk": $util.dynamodb.toDynamoDBJson("GLOBAL") } }';
    oneAt(findings(text), 'hot-key-read', text, '"CONFIG"');
    const partial =
      '{ "operation": "GetItem", "key": { "pk": $util.dynamodb.toDynamoDBJson("CONFIG"), "sk": $util.dynamodb.toDynamoDBJson($ctx.args.name) } }';
    assert.deepEqual(findings(partial), []);
  });

  it('reads a transaction item with its own table name, and nothing from a response template', () => {
    const text =
      '{ "operation": "TransactWriteItems", "transactItems": [ { "table": "Items", "operation": "PutItem", "key": { "tenant": { "S": "acme" }, "id": { "S": "$ctx.args.id" } } } ] }';
    const f = oneAt(
      analyzeVtl('x.vtl', text, { tables: [ITEMS] }).findings,
      'single-value-partition-key',
      text,
      '"acme"',
    );
    assert.equal(f.table, 'Items');
    assert.equal(f.confidence, 'high');
    assert.equal(analyzeVtl('x.res.vtl', '$util.toJson($ctx.result.items)', { tables: [] }).skipped, 'prefilter');
  });

  it('survives unbalanced and nested text without throwing', () => {
    for (const text of [
      '{ "operation": "Scan"',
      '{"operation": "Query", "query": { "expression": ',
      '#if(',
      `${'['.repeat(5000)}{"operation":"Scan"}`,
    ]) {
      const r = analyzeVtl('x.vtl', text, { tables: [] });
      assert.equal(r.error, undefined, text.slice(0, 20));
    }
  });
});

describe('VTL ignore comments', () => {
  it('a ## comment with a reason silences the next line; one inside a string silences nothing', () => {
    const text =
      '{\n  ## dynamo-guard-ignore-next-line scan -- a table of a few hundred items\n  "operation": "Scan"\n}\n';
    const all = applySuppressions('a.vtl', text, findings(text));
    assert.ok(all.find((f) => f.rule === 'scan')?.suppression);
    assert.equal(all.filter((f) => f.rule === 'unused-suppression').length, 0);
    const quoted =
      '{ "note": "## dynamo-guard-ignore-line scan -- no",\n  "operation": "Scan", "x": "## dynamo-guard-ignore-line scan -- no" }\n';
    const q = applySuppressions('a.vtl', quoted, findings(quoted));
    assert.equal(q.find((f) => f.rule === 'scan')?.suppression, undefined);
  });

  it('a comment without a reason is reported and silences nothing', () => {
    const text = '{\n  ## dynamo-guard-ignore-next-line scan\n  "operation": "Scan"\n}\n';
    const all = applySuppressions('a.vtl', text, findings(text));
    assert.equal(all.find((f) => f.rule === 'scan')?.suppression, undefined);
    assert.match(
      all.find((f) => f.rule === 'unused-suppression')?.message ?? '',
      /## dynamo-guard-ignore-next-line scan -- /,
    );
  });
});

describe('VTL inline in infrastructure', () => {
  it('reads MappingTemplate.fromString literals of a CDK stack; a ${} substitution is not a constant', () => {
    const text = [
      "import { MappingTemplate } from 'aws-cdk-lib/aws-appsync';",
      'const a = MappingTemplate.fromString(`{ "operation": "Query", "query": { "expression": "pk = :pk", "expressionValues": { ":pk": { "S": "ORG" } } } }`);',
      'const b = MappingTemplate.fromString(`{ "operation": "Query", "query": { "expression": "pk = :pk", "expressionValues": { ":pk": { "S": "${kind}" } } } }`);',
      'const c = { requestMappingTemplate: \'{ "operation": "Scan" }\' };',
      'const d = \'{ "operation": "Scan" }\';',
    ].join('\n');
    const all = analyzeInlineVtl('stack.ts', text, { tables: [] }).findings;
    assert.deepEqual(
      all.map((f) => `${f.line} ${f.rule} ${text.slice(f.offset, f.endOffset)}`),
      ['2 single-value-partition-key "ORG"', '4 scan "Scan"'],
    );
  });

  it("flags CDK's MappingTemplate.dynamoDbScanTable(), not one in a comment nor other helpers", () => {
    const text = [
      "import * as appsync from 'aws-cdk-lib/aws-appsync';",
      'source.createResolver("All", { requestMappingTemplate: appsync.MappingTemplate.dynamoDbScanTable() });',
      '// requestMappingTemplate: appsync.MappingTemplate.dynamoDbScanTable(),',
      'source.createResolver("One", { requestMappingTemplate: appsync.MappingTemplate.dynamoDbGetItem("id", "id") });',
    ].join('\n');
    const all = analyzeInlineVtl('stack.ts', text, { tables: [] }).findings;
    assert.deepEqual(
      all.map((f) => `${f.line} ${f.rule} ${text.slice(f.offset, f.endOffset)}`),
      ['2 scan dynamoDbScanTable'],
    );
  });

  it('reads a JSON template string with escaped quotes, keeping the file offsets', () => {
    const text =
      '{"Resources": {"R": {"Type": "AWS::AppSync::Resolver", "Properties": {"RequestMappingTemplate": "{\\n \\"operation\\": \\"Scan\\"\\n}"}}}}';
    const all = analyzeInlineVtl('template.json', text, { tables: [] }).findings;
    assert.equal(all.length, 1);
    assert.equal(all[0]?.rule, 'scan');
    assert.match(text.slice(all[0]?.offset, all[0]?.endOffset), /^"Scan\\$/);
  });
});

test('a project run walks .vtl files and CloudFormation resolvers, with the data source table', async () => {
  const r = await analyzeProject({ root: fixture, discoverSchemas: true });
  assert.deepEqual(
    r.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.table ?? '-'}${f.suppression ? ' suppressed' : ''}`),
    [
      'mapping-templates/Query.acmeOrders.request.vtl:7 single-value-partition-key Orders',
      'resolvers/Mutation.putConfig.req.vtl:6 single-value-partition-key -',
      'resolvers/Query.config.req.vtl:8 single-value-partition-key -',
      'resolvers/Query.globalSettings.req.vtl:5 hot-key-read -',
      'resolvers/Query.legacy.req.vtl:4 scan - suppressed',
      'resolvers/Query.listAll.req.vtl:4 scan -',
      'stack.ts:28 scan -',
      'template.yaml:37 scan Orders',
      'template.yaml:52 single-value-partition-key Orders',
    ],
  );
  assert.equal(r.findings.find((f) => f.file === 'template.yaml' && f.rule !== 'scan')?.confidence, 'high');
  // serverless.yml maps the template to the data source's table, whose partition key is `tenant`:
  // the Query's constant is on it, and the PutItem's constant `pk` is an ordinary attribute.
  const acme = r.findings.find((f) => f.file.endsWith('Query.acmeOrders.request.vtl'));
  assert.equal(acme?.confidence, 'high');
  assert.equal(acme?.data?.keyAttribute, 'tenant');
  assert.ok(!r.findings.some((f) => f.file.endsWith('Mutation.tagOrder.req.vtl')));
  assert.ok(r.files.includes('resolvers/Query.byUser.req.vtl'));
  // A run of named templates maps them to their data sources' tables all the same.
  const named = await analyzeProject({
    root: fixture,
    paths: ['mapping-templates/Query.acmeOrders.request.vtl', 'mapping-templates/Mutation.tagOrder.req.vtl'],
    discoverSchemas: true,
  });
  assert.deepEqual(
    named.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.table ?? '-'} ${f.confidence}`),
    ['mapping-templates/Query.acmeOrders.request.vtl:7 single-value-partition-key Orders high'],
  );
  // A run of a folder below the root reads the resolvers written inline in its templates too.
  const below = await analyzeProject({ root: path.dirname(fixture), paths: [fixture], discoverSchemas: true });
  assert.ok(
    below.findings.some((f) => f.file === 'appsync-vtl/template.yaml' && f.line === 37 && f.table === 'Orders'),
  );
  // The editor's passes hand the key schemas in and read no infrastructure file for them.
  const orders: TableSchema = { ...ITEMS, name: 'Orders', sortKey: { name: 'orderId' }, indexes: [] };
  const editorPass = await analyzeProject({ root: fixture, tables: [orders] });
  assert.equal(editorPass.findings.find((f) => f.file.endsWith('Query.acmeOrders.request.vtl'))?.confidence, 'high');
  assert.ok(!editorPass.findings.some((f) => f.file.endsWith('Mutation.tagOrder.req.vtl')));
  assert.equal(sourceLanguageOf('a/Query.x.req.vtl'), 'vtl');
  assert.ok(isSourceFile('resolvers/Query.x.req.vtl'));
});

describe('VTL data sources', () => {
  const root = path.resolve('/project');

  it('reads the Serverless AppSync plugin v2: resolvers and pipeline functions, by data source', () => {
    const yml = [
      'appSync:',
      '  name: api',
      '  dataSources:',
      '    orders:',
      '      type: AMAZON_DYNAMODB',
      '      config:',
      '        tableName: { Ref: OrdersTable }',
      '    search:',
      '      type: AWS_LAMBDA',
      '  resolvers:',
      '    Query.order:',
      '      dataSource: orders',
      '      request: resolvers/order.request.vtl',
      '    Query.search:',
      '      dataSource: search',
      '      request: resolvers/search.request.vtl',
      '  pipelineFunctions:',
      '    getOrder:',
      '      dataSource: orders',
      '      request: functions/getOrder.request.vtl',
      '',
    ].join('\n');
    assert.deepEqual(
      templateTables(path.join(root, 'serverless.yml'), yml).map((t) => [
        path.relative(root, t.template),
        t.table.constant,
      ]),
      [
        [path.join('resolvers', 'order.request.vtl'), 'OrdersTable'],
        [path.join('functions', 'getOrder.request.vtl'), 'OrdersTable'],
      ],
    );
  });

  it('reads a CloudFormation resolver whose template is a local file, not one in S3', () => {
    const yaml = [
      'Resources:',
      '  Source:',
      '    Type: AWS::AppSync::DataSource',
      '    Properties:',
      '      Name: orders',
      '      Type: AMAZON_DYNAMODB',
      '      DynamoDBConfig:',
      '        TableName: Orders',
      '  Local:',
      '    Type: AWS::AppSync::Resolver',
      '    Properties:',
      '      DataSourceName: orders',
      '      RequestMappingTemplateS3Location: resolvers/local.vtl',
      '  Remote:',
      '    Type: AWS::AppSync::Resolver',
      '    Properties:',
      '      DataSourceName: !GetAtt Source.Name',
      '      RequestMappingTemplateS3Location: s3://bucket/remote.vtl',
      '',
    ].join('\n');
    assert.deepEqual(
      templateTables(path.join(root, 'template.yaml'), yaml).map((t) => [
        path.relative(root, t.template),
        t.table.constant,
      ]),
      [[path.join('resolvers', 'local.vtl'), 'Orders']],
    );
    assert.deepEqual(templateTables(path.join(root, 'template.yaml'), 'Resources: [AMAZON_DYNAMODB, a.vtl'), []);
  });
});
