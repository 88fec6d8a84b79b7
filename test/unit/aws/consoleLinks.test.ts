import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableConsoleUrl } from '../../../src/core/tables/consoleLinks';

test('console links use the region and the partition console host, with the table name encoded', () => {
  assert.equal(
    tableConsoleUrl('eu-west-1', 'shop'),
    'https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#table?name=shop',
  );
  assert.equal(
    tableConsoleUrl('cn-north-1', 'a b'),
    'https://console.amazonaws.cn/dynamodbv2/home?region=cn-north-1#table?name=a%20b',
  );
  assert.equal(
    tableConsoleUrl('us-gov-west-1', 'x'),
    'https://console.amazonaws-us-gov.com/dynamodbv2/home?region=us-gov-west-1#table?name=x',
  );
});
