// Items that a method of a project class returns (`Item=order.to_item()`), found through the
// receiver's type annotation or an instance made in the same function, the class in this file or
// another module. Each form has a look-alike that must stay silent.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEADER, assertOneAt, findingsOf, memoryResolver } from './pythonFixtures';

/** `models/order.py`: `to_item()` gives the item, with a constant partition key or a varying one. */
function orderModule(pk: string): string {
  return `from dataclasses import dataclass

@dataclass
class Order:
    id: str
    kind: str = "retail"

    def to_item(self):
        return {
            "pk": {"S": ${pk}},
            "sk": {"S": self.id},
            "kind": {"S": self.kind},
        }

    def key_for(self, tenant):
        return {"pk": {"S": tenant}, "sk": {"S": self.id}}
`;
}

const CONSTANT = memoryResolver({ 'models/order.py': orderModule('"ORDER"') });
const VARYING = memoryResolver({ 'models/order.py': orderModule('self.id') });

describe('items returned by a method of a class in another module', () => {
  it('flags a put of an annotated parameter whose to_item() sets a constant partition key', async () => {
    const src = `${HEADER}from models.order import Order

client = boto3.client("dynamodb")

def save(order: Order) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())
`;
    const findings = await findingsOf(src, { resolveModule: CONSTANT });
    const f = assertOneAt(findings, 'single-value-partition-key', src, 'order.to_item()');
    assert.match(f.message, /"pk".*"ORDER"/);
  });

  it('flags a put of an instance made in the same function, and a transaction Put entry', async () => {
    const src = `${HEADER}from models.order import Order

client = boto3.client("dynamodb")

def create(order_id):
    order = Order(order_id)
    client.put_item(TableName="Orders", Item=order.to_item())

def entries(order: Order = None):
    return [{"Put": {"TableName": "Orders", "Item": order.to_item()}}]
`;
    const findings = (await findingsOf(src, { resolveModule: CONSTANT })).filter(
      (f) => f.rule === 'single-value-partition-key',
    );
    const at = (needle: string, from = 0): number => src.indexOf(needle, from);
    assert.deepEqual(
      findings.map((f) => f.offset),
      [at('order.to_item()'), at('order.to_item()', at('def entries'))],
    );
  });

  it('reads the class of an optional or quoted annotation', async () => {
    const src = `${HEADER}import typing
from typing import Optional
from models.order import Order

client = boto3.client("dynamodb")

def a(order: Optional[Order]) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def b(order: Order | None = None) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def c(order: "Order") -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def d(order: typing.Optional["Order"]) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())
`;
    const findings = (await findingsOf(src, { resolveModule: CONSTANT })).filter(
      (f) => f.rule === 'single-value-partition-key',
    );
    const lines = src.split('\n');
    assert.deepEqual(
      findings.map((f) => lines[f.line - 2]?.slice(0, 5)),
      ['def a', 'def b', 'def c', 'def d'],
    );
  });

  it('binds the arguments of the method call to its parameters', async () => {
    const src = `${HEADER}from models.order import Order

client = boto3.client("dynamodb")

def remove(order: Order) -> None:
    client.delete_item(TableName="Orders", Key=order.key_for("ACME"))
`;
    const findings = await findingsOf(src, { resolveModule: VARYING });
    assertOneAt(findings, 'single-value-partition-key', src, '"ACME"');
  });

  it('stays silent when the returned partition key varies, or the argument does', async () => {
    const src = `${HEADER}from models.order import Order

client = boto3.client("dynamodb")

def save(order: Order) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def remove(order: Order, tenant: str) -> None:
    client.delete_item(TableName="Orders", Key=order.key_for(tenant))
`;
    const findings = await findingsOf(src, { resolveModule: VARYING });
    assert.deepEqual(findings, []);
  });

  it('stays silent for a receiver whose class is not known', async () => {
    const src = `${HEADER}from typing import List
from models.order import Order

client = boto3.client("dynamodb")

def save(order) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def save_any(order: dict) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())

def save_many(order: List[Order]) -> None:
    client.put_item(TableName="Orders", Item=order.to_item())
`;
    const findings = await findingsOf(src, { resolveModule: CONSTANT });
    assert.deepEqual(findings, []);
  });
});

describe('items returned by a method of a class in the same file', () => {
  const model = (second: string): string => `${HEADER}
client = boto3.client("dynamodb")

class Session:
    def __init__(self, sid):
        self.sid = sid

    def to_item(self):
        if self.sid:
            return {"pk": {"S": "SESSION"}, "sk": {"S": self.sid}}
        return {"pk": {"S": ${second}}, "sk": {"S": self.sid}}

def store(session: Session):
    client.put_item(TableName="Orders", Item=session.to_item())
`;

  it('reads no method with more than one return', async () => {
    const findings = await findingsOf(model('"SESSION"'), {});
    assert.deepEqual(
      findings.filter((f) => f.rule === 'single-value-partition-key'),
      [],
    );
  });

  it('flags the constant a single-return method of an annotated parameter writes', async () => {
    const src = `${HEADER}
client = boto3.client("dynamodb")

class Session:
    def to_item(self):
        return {"pk": {"S": "SESSION"}, "sk": {"S": self.sid}}

def store(session: Session):
    client.put_item(TableName="Orders", Item=session.to_item())
`;
    const findings = await findingsOf(src, {});
    assertOneAt(findings, 'single-value-partition-key', src, '"SESSION"');
  });
});

describe('arguments passed to a method of another module', () => {
  it('keeps a parameter of the caller a parameter, for the calls of its function', async () => {
    const src = `${HEADER}from models.order import Order

client = boto3.client("dynamodb")

def remove(order: Order, tenant: str) -> None:
    client.delete_item(TableName="Orders", Key=order.key_for(tenant))

def remove_acme(order: Order) -> None:
    remove(order, "ACME")
`;
    const findings = await findingsOf(src, { resolveModule: VARYING });
    assertOneAt(findings, 'single-value-partition-key', src, '"ACME"');
  });
});

describe('puts of a table whose key attributes the Keys of the file show', () => {
  const file = (item: string, key: string): string => `${HEADER}
client = boto3.client("dynamodb")

def save(org):
    client.put_item(TableName="Config", Item=${item})

def load():
    return client.get_item(TableName="Config", Key=${key})
`;
  const ITEM = '{"type": {"S": "config"}, "name": {"S": "main"}, "org": {"S": org}}';

  it('flags an Item that sets every attribute of the Keys to a constant, with no schema known', async () => {
    const src = file(ITEM, '{"type": {"S": "config"}, "name": {"S": "main"}}');
    const findings = await findingsOf(src, { tables: [] });
    const f = assertOneAt(findings, 'single-value-partition-key', src, '"config"');
    assert.match(f.message, /"type" = "config", "name" = "main"/);
  });

  it('stays silent when a key attribute of the Item varies, or the Keys hold other attributes', async () => {
    const varying = file(
      '{"type": {"S": "config"}, "name": {"S": org}}',
      '{"type": {"S": "config"}, "name": {"S": "main"}}',
    );
    const other = file(ITEM, '{"type": {"S": "config"}, "id": {"S": "main"}}');
    for (const src of [varying, other])
      assert.deepEqual(
        (await findingsOf(src, { tables: [] })).filter((f) => f.rule === 'single-value-partition-key'),
        [],
      );
  });
});

describe('dataclass fields read through an instance', () => {
  const model = (field: string): string => `from dataclasses import dataclass
from typing import ClassVar

@dataclass
class Event:
    id: str
    ${field}

    def to_item(self):
        return {"pk": {"S": self.kind}, "sk": {"S": self.id}}
`;
  const src = `${HEADER}from models.event import Event

client = boto3.client("dynamodb")

def record(event: Event) -> None:
    client.put_item(TableName="Orders", Item=event.to_item())
`;
  const run = async (field: string) =>
    (await findingsOf(src, { resolveModule: memoryResolver({ 'models/event.py': model(field) }) })).filter(
      (f) => f.rule === 'single-value-partition-key',
    );

  it("takes a field's default for the default only, not a constant", async () => {
    assert.deepEqual(await run('kind: str = "EVENT"'), []);
  });

  it('takes a ClassVar for the constant it is', async () => {
    assert.equal((await run('kind: ClassVar[str] = "EVENT"')).length, 1);
  });
});

describe('values a method returns from its instance', () => {
  it("follows a getter's self attribute to the table it holds", async () => {
    const src = `${HEADER}
class Repo:
    def __init__(self):
        self.table = boto3.resource("dynamodb").Table("Orders")

    def _table(self):
        return self.table

    def everything(self):
        return self._table().scan()
`;
    const f = assertOneAt(await findingsOf(src), 'scan', src, 'scan()');
    assert.equal(f.table, 'Orders');
  });

  it('stays silent when the getter returns something else', async () => {
    const src = `${HEADER}
class Repo:
    def __init__(self):
        self.table = boto3.resource("dynamodb").Table("Orders")
        self.cache = {}

    def _table(self):
        return self.cache

    def everything(self):
        return self._table().scan()
`;
    assert.deepEqual(await findingsOf(src), []);
  });
});
