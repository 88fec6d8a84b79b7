// Python code checked against the key schemas of the project's CDK app: a GSI named by a readonly
// field of the construct and a table name handed to the function with an empty fallback.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { makeTempDir } from '../../harness/tempDirs';

const TABLES = `import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
export class DocTables extends Construct {
  public readonly documentsTable: dynamodb.Table;
  public readonly byStatusIndexName: string = 'by_status_idx';
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const documentsTable = new dynamodb.Table(this, 'Documents', {
      partitionKey: { name: 'workspace_id', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'document_id', type: dynamodb.AttributeType.STRING },
    });
    documentsTable.addGlobalSecondaryIndex({
      indexName: this.byStatusIndexName,
      partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
    });
    documentsTable.addGlobalSecondaryIndex({
      indexName: 'by_path_idx',
      partitionKey: { name: 'workspace_id', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'path', type: dynamodb.AttributeType.STRING },
    });
    this.documentsTable = documentsTable;
  }
}
`;

const API = `import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
export function api(scope: any, props: { tables?: { documentsTable: dynamodb.Table } }) {
  return new lambda.Function(scope, 'Api', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('functions/api'),
    environment: { DOCUMENTS_TABLE_NAME: props.tables?.documentsTable.tableName ?? '' },
  });
}
`;

const CODE = `import os
import boto3
from boto3.dynamodb.conditions import Key
table = boto3.resource("dynamodb").Table(os.environ.get("DOCUMENTS_TABLE_NAME"))

def add(workspace_id, document_id, title):
    document = {
        "workspace_id": workspace_id,
        "document_id": document_id,
        "status": "submitted",
        "title": title,
    }
    if title:
        document["title_lower"] = title.lower()
    table.put_item(Item=document)

def add_other(workspace_id, document_id, status):
    document = {"workspace_id": workspace_id, "document_id": document_id, "status": status}
    table.put_item(Item=document)

def pending(kind):
    return table.query(
        IndexName=os.environ["BY_STATUS_INDEX"],
        KeyConditionExpression=Key("status").eq("pending") & Key("document_type").eq(kind),
    )

def by_path(workspace_id):
    return table.query(
        IndexName=os.environ["BY_PATH_INDEX"],
        KeyConditionExpression=Key("workspace_id").eq(workspace_id) & Key("path").eq("index.html"),
    )
`;

test("a constant GSI hash key in a step-built item is reported with the CDK app's schema", async () => {
  const dir = makeTempDir('dg-py-cdk-');
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.mkdirSync(path.join(dir, 'functions', 'api'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lib', 'tables.ts'), TABLES);
  fs.writeFileSync(path.join(dir, 'lib', 'api.ts'), API);
  fs.writeFileSync(path.join(dir, 'functions', 'api', 'index.py'), CODE);
  const result = await analyzeProject({ root: dir, discoverSchemas: true });
  const python = result.findings.filter((f) => f.file.endsWith('.py'));
  assert.deepEqual(
    python.map((f) => `${f.file}:${f.line} ${f.rule}`),
    ['functions/api/index.py:10 single-value-partition-key', 'functions/api/index.py:24 single-value-partition-key'],
  );
  assert.equal(python[0]?.data?.index, 'by_status_idx');
  assert.equal(python[0]?.table, 'Documents');
  // The index is named by an env var: the one whose partition key the key condition pins (`status`), not the
  // table's own; where that is the table's partition key, set to a variable, nothing is reported.
  assert.equal(python[1]?.data?.index, 'by_status_idx');
});
