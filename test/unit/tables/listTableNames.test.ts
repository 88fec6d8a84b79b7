// ListTables paging against a local endpoint that speaks DynamoDB's JSON protocol and repeats its page token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listTableNames } from '../../../src/core/tables/describe';

async function endpointAnswering(
  pages: (start: string | undefined) => object,
): Promise<{ endpoint: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests++;
      assert.equal(req.headers['x-amz-target'], 'DynamoDB_20120810.ListTables');
      const input = JSON.parse(body) as { ExclusiveStartTableName?: string };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(pages(input.ExclusiveStartTableName)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

test('follows LastEvaluatedTableName across pages', async () => {
  const server = await endpointAnswering((start) =>
    start === undefined ? { TableNames: ['a', 'b'], LastEvaluatedTableName: 'b' } : { TableNames: ['c'] },
  );
  try {
    const names: string[] = [];
    for await (const name of listTableNames({ endpoint: server.endpoint, region: 'us-east-1', credentials }))
      names.push(name);
    assert.deepEqual(names, ['a', 'b', 'c']);
    assert.equal(server.requests(), 2);
  } finally {
    await server.stop();
  }
});

test(
  'an endpoint that repeats its page token gets a clear error instead of an endless listing',
  { timeout: 10_000 },
  async () => {
    const server = await endpointAnswering(() => ({ TableNames: ['a'], LastEvaluatedTableName: 'a' }));
    try {
      const names: string[] = [];
      await assert.rejects(async () => {
        for await (const name of listTableNames({ endpoint: server.endpoint, region: 'us-east-1', credentials }))
          names.push(name);
      }, /returned the page token "a" twice/);
      assert.ok(server.requests() <= 2, `asked ${server.requests()} times`);
    } finally {
      await server.stop();
    }
  },
);
