// hot-key-read on Python: a get_item whose whole primary key is constant, inside a function.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEADER, assertOneAt, findingsOf } from './pythonFixtures';

const TABLE = "table = boto3.resource('dynamodb').Table(os.environ['ORDERS_TABLE'])\n";

describe('Python hot-key-read', () => {
  it('reports a get_item of one constant item in a handler, at the partition-key value', async () => {
    const src = `${HEADER}${TABLE}\ndef handler(event, context):\n    return table.get_item(Key={'pk': 'CONFIG', 'sk': 'global'})['Item']\n`;
    const f = assertOneAt(await findingsOf(src), 'hot-key-read', src, "'CONFIG'");
    assert.equal(f.severity, 'info');
    assert.equal(f.table, 'Orders');
    assert.equal(f.confidence, 'high');
    assert.match(f.message, /Every call reads the same item of table Orders \(pk "CONFIG", sk "global"\)/);
  });

  it('follows module constants into the key, and the client API with typed values', async () => {
    const src = `${HEADER}CONFIG_PK = 'CONFIG'\nclient = boto3.client('dynamodb')\n\ndef handler(event, context):\n    return client.get_item(TableName=os.environ['ORDERS_TABLE'], Key={'pk': {'S': CONFIG_PK}, 'sk': {'S': 'global'}})\n`;
    assertOneAt(await findingsOf(src), 'hot-key-read', src, 'CONFIG_PK}');
  });

  it('stays silent at module level, for a partial constant key, and for a key from the request', async () => {
    const sources = [
      `${HEADER}${TABLE}CONFIG = table.get_item(Key={'pk': 'CONFIG', 'sk': 'global'})['Item']\n`,
      `${HEADER}${TABLE}\ndef handler(event, context):\n    return table.get_item(Key={'pk': 'CONFIG', 'sk': event['id']})\n`,
      `${HEADER}${TABLE}\ndef handler(event, context):\n    return table.get_item(Key={'pk': event['tenant'], 'sk': 'global'})\n`,
      `${HEADER}${TABLE}\nif __name__ == '__main__':\n    print(table.get_item(Key={'pk': 'CONFIG', 'sk': 'global'}))\n`,
    ];
    for (const src of sources) {
      const hot = (await findingsOf(src)).filter((f) => f.rule === 'hot-key-read');
      assert.deepEqual(
        hot.map((f) => f.message),
        [],
        src,
      );
    }
  });
});

describe('Python hot-key-read with a key schema inferred from Queries', () => {
  it('reads the whole key from the Key object, since the inferred schema knows only the partition key', async () => {
    const src = `${HEADER}client = boto3.client('dynamodb')\n\ndef list_schedules():\n    return client.query(TableName='Configs', KeyConditionExpression='#t = :t', ExpressionAttributeNames={'#t': 'type'}, ExpressionAttributeValues={':t': {'S': 'schedule'}})\n\ndef find(name):\n    return client.get_item(TableName='Configs', Key={'type': {'S': 'schedule'}, 'name': {'S': name}})\n`;
    const hot = (await findingsOf(src, { tables: [] })).filter((f) => f.rule === 'hot-key-read');
    assert.deepEqual(
      hot.map((f) => f.message),
      [],
    );
  });
});
