// Items and keys built by calling a class the analyzer cannot read: boto3 takes only a mapping as an
// item or key, so a CapWords class called with keyword arguments there is a mapping of those keys.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEADER, assertOneAt, findingsOf, memoryResolver } from './pythonFixtures';

const TABLE = `${HEADER}from models import OrderRecord\ntable = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])\n`;

describe('an item built by a class of an unread module', () => {
  it('flags a constant partition key passed to the class', async () => {
    const src = `${TABLE}def save(order_id):\n    table.put_item(Item=OrderRecord(pk='ORDERS', sk=order_id))\n`;
    const f = assertOneAt(await findingsOf(src), 'single-value-partition-key', src, "'ORDERS'");
    assert.equal(f.data?.keyAttribute, 'pk');
  });

  it('follows it through a method that builds it and a name it is assigned to', async () => {
    const src = `${TABLE}PK = 'ORDERS'
class Repo:
    def _to_item(self, request):
        return OrderRecord(request, pk=PK, sk=request['id'])
    def create(self, request):
        item = self._to_item(request)
        table.put_item(Item=item)
`;
    assertOneAt(await findingsOf(src), 'single-value-partition-key', src, 'PK, sk');
  });

  it('stays silent when the partition key varies', async () => {
    const src = `${TABLE}def save(order):\n    table.put_item(Item=OrderRecord(pk=order['tenant'], sk=order['id']))\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('stays silent for a function (not a class) of an unread module', async () => {
    const src = `${TABLE}from models import order_record\ndef save(order_id):\n    table.put_item(Item=order_record(pk='ORDERS', sk=order_id))\n`;
    assert.deepEqual(await findingsOf(src), []);
  });

  it('stays silent for a class the analyzer reads that is no mapping', async () => {
    const models =
      "class OrderRecord:\n    def __init__(self, pk, sk):\n        self.item = {'pk': pk + '#x', 'sk': sk}\n";
    const src = `${TABLE}def save(order_id):\n    table.put_item(Item=OrderRecord(pk='ORDERS', sk=order_id))\n`;
    assert.deepEqual(await findingsOf(src, { resolveModule: memoryResolver({ 'models.py': models }) }), []);
  });
});
