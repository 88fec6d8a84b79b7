// The hover text of a finding: a Scan's full-pass cost from the live table and the read rate the
// metrics imply; a single-value key's partition limits, hot-partition throttling, and Contributor
// Insights naming that exact key.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../src/core/analyzer/analyze';
import type { Finding } from '../../src/core/analyzer/finding';
import { bytes, findingCostMarkdown } from '../../src/core/findingCost';
import type { TopKeys } from '../../src/core/metrics/contributorInsights';
import type { TableModel } from '../../src/core/tables/tableModel';
import { HOSTILE_NAMES, renderedTags, renderedText } from '../harness/markdownRender';
import { simulatedHealth } from '../harness/simulatedHealth';

const SOURCE = `import { DynamoDBClient, ScanCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const all = () => client.send(new ScanCommand({ TableName: 'orders' }));
export const strong = () => client.send(new ScanCommand({ TableName: 'orders', ConsistentRead: true }));
export const log = (id: string) => client.send(new PutItemCommand({ TableName: 'orders', Item: { PK: { S: 'ORDERS' }, SK: { S: id } } }));
`;
const findings = analyzeSource('/w/src/orders.ts', SOURCE, { tables: [] }).findings;
const scan = findings.find((f) => f.rule === 'scan' && f.line === 3) as Finding;
const strongScan = findings.find((f) => f.rule === 'scan' && f.line === 4) as Finding;
const hotKey = findings.find((f) => f.rule === 'single-value-partition-key') as Finding;

const GiB = 1024 ** 3;
const onDemand: TableModel = {
  name: 'orders',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  itemCount: 1_000_000,
  sizeBytes: 10 * GiB,
  tableClass: 'STANDARD',
  indexes: [],
  region: 'us-east-1',
};
const provisioned: TableModel = {
  ...onDemand,
  billingMode: 'PROVISIONED',
  provisioned: { read: 5, write: 5 },
  itemCount: 50,
  sizeBytes: 50_440,
  region: 'eu-west-1',
};

describe('hover cost of a Scan', () => {
  it('prices one full pass of an on-demand table from its DescribeTable size, and says the figures lag', () => {
    const md = findingCostMarkdown(scan, { table: onDemand, tableSource: 'prod, us-east-1' }) as string;
    assert.equal(
      md,
      [
        '**Dynamo Guard: what this Scan costs.** Table `orders` (prod\\, us\\-east\\-1), on-demand:',
        '- 1,000,000 items, 10,737,418,240 bytes (10 GiB) (DescribeTable; DynamoDB updates both about every 6 hours)',
        '- One full pass reads **1,310,720 read units** (eventually consistent) in 10,240 pages of up to 1 MB: **$0.1638 at on-demand prices in us\\-east\\-1**',
        "- Current read rate: not known yet (the Tables view has not read this table's CloudWatch metrics)",
      ].join('\n'),
    );
  });

  it('says when a region has no price table and whose prices it used instead', () => {
    const md = findingCostMarkdown(scan, { table: { ...onDemand, region: 'mx-central-1' } }) as string;
    assert.match(md, /\*\*\$0\.1638 at on-demand prices of us-east-1 \(no price table for mx\\-central\\-1\)\*\*/);
    assert.doesNotMatch(md, /prices in mx/);
  });

  it('doubles the read units for ConsistentRead', () => {
    assert.match(
      findingCostMarkdown(strongScan, { table: onDemand }) as string,
      /\*\*2,621,440 read units\*\* \(strongly consistent\)/,
    );
  });

  it('turns the current read rate into full passes a day and dollars a day', () => {
    const health = simulatedHealth(onDemand, { readUnitsPerMinute: 600 });
    const md = findingCostMarkdown(scan, { table: onDemand, health }) as string;
    // 600 units a minute = 10 RCU/s = 864,000 a day = 0.66 passes of 1,310,720 units, at $0.1638 each.
    assert.match(
      md,
      /- Current reads, 10 RCU\/s \(last 60 min\), equal \*\*0\.66 full passes a day\*\*: \$0\.1080 a day$/m,
    );
  });

  it('on a provisioned table prices the pass as its share of provisioned capacity and says how long it takes all of it', () => {
    const md = findingCostMarkdown(scan, { table: provisioned }) as string;
    assert.match(md, /^\*\*Dynamo Guard: what this Scan costs\.\*\* Table `orders`, provisioned 5 RCU \/ 5 WCU:$/m);
    assert.match(md, /- 50 items, 50,440 bytes \(49\.3 KiB\)/);
    // 50,440 bytes = 13 blocks of 4 KB = 6.5 eventually consistent units; 6.5 × $0.0001471 / 3600.
    assert.match(
      md,
      /\*\*6\.5 read units\*\* \(eventually consistent\) in 1 page of up to 1 MB: \*\*\$0\.00000027 as its share of provisioned capacity in eu\\-west\\-1\*\*/,
    );
    assert.match(md, /one pass takes the whole read capacity for 1\.3 s; other reads throttle meanwhile/);
  });

  it('says why there is no price when the table is not on any connection', () => {
    const md = findingCostMarkdown(scan, {
      tableProblem: 'Table orders was not found on the configured connections (Test: us-east-1).',
    }) as string;
    assert.equal(
      renderedText(md),
      'Dynamo Guard: what this Scan costs. Table orders was not found on the configured connections (Test: us-east-1).',
    );
  });
});

describe('hover cost of a single-value partition key', () => {
  it('states the per-partition limits even without metrics', () => {
    const md = findingCostMarkdown(hotKey, {}) as string;
    assert.match(
      md,
      /`PK = "ORDERS"` on table `orders` always addresses the same partition, which serves at most \*\*1,000 WCU and 3,000 RCU per second\*\*/,
    );
    assert.match(md, /Throttling on this table: not known yet/);
  });

  it('puts hot-partition throttle events first, and the table peak load', () => {
    const health = simulatedHealth(onDemand, {
      writeUnitsPerMinute: 60_000,
      throttles: { WriteKeyRangeThroughputThrottleEvents: 42, WriteProvisionedThroughputThrottleEvents: 0 },
    });
    const md = findingCostMarkdown(hotKey, { health }) as string;
    assert.match(
      md,
      /- \*\*Hot partition throttling in the last 60 minutes: 42 write and 0 read events\*\* throttled by partition limits \(Write\/ReadKeyRangeThroughputThrottleEvents\), of 42 throttle events in all/,
    );
    assert.match(md, /- Peak load on the table: 1,000 writes and 0 reads \(units per second, busiest minute\)/);
    assert.doesNotMatch(md, /Observed in production/);
  });

  it('says "observed in production" when Contributor Insights lists that exact key, and not for another key', () => {
    const health = simulatedHealth(onDemand, {});
    const topKeys: TopKeys = {
      throttled: [{ keys: ['ORDERS'], maxValue: 1234 }],
      accessed: [{ keys: ['ORDERS#7'], maxValue: 90_000 }],
      rules: [],
      errors: [],
      calls: 2,
    };
    const md = findingCostMarkdown(hotKey, { health, topKeys }) as string;
    assert.match(md, /- No throttling in the last 60 minutes/);
    assert.match(
      md,
      /- \*\*Observed in production:\*\* Contributor Insights lists `ORDERS` among the most throttled keys \(peak 1,234 throttled requests a minute\)/,
    );
    assert.doesNotMatch(md, /most accessed/);
    const accessed: TopKeys = { ...topKeys, throttled: [], accessed: [{ keys: ['ORDERS'], maxValue: 90_000 }] };
    assert.match(
      findingCostMarkdown(hotKey, { topKeys: accessed }) as string,
      /among the most accessed keys \(peak 90,000 units a minute, 50% of one key's maximum\)/,
    );
  });

  it('formats sizes in binary units', () => {
    assert.equal(bytes(512), '512 bytes');
    assert.equal(bytes(1536), '1,536 bytes (1.5 KiB)');
    assert.equal(bytes(3 * GiB), '3,221,225,472 bytes (3 GiB)');
  });
});

describe('hover text from names others control', () => {
  // What a hover may contain: our own emphasis, code spans and lists, never a link, image or HTML.
  const ALLOWED = new Set(['code', 'li', 'p', 'strong', 'ul']);
  const assertInert = (md: string, name: string) => {
    const extra = renderedTags(md).filter((t) => !ALLOWED.has(t));
    assert.deepEqual(extra, [], `${JSON.stringify(name)} made ${extra.join(', ')} in:\n${md}`);
  };

  for (const name of HOSTILE_NAMES) {
    it(`keeps ${JSON.stringify(name)} inert as a table, index, key, key value, source and problem`, () => {
      const table: TableModel = {
        ...provisioned,
        name,
        region: name,
        indexes: [
          {
            name,
            kind: 'GSI',
            partitionKey: { name, type: 'S' },
            projection: { type: 'ALL' },
            itemCount: 3,
            sizeBytes: 100,
          },
        ],
      };
      const health = simulatedHealth(table, { throttles: { WriteKeyRangeThroughputThrottleEvents: 1 } });
      const topKeys: TopKeys = {
        throttled: [{ keys: [name], maxValue: 1 }],
        accessed: [{ keys: [name], maxValue: 1 }],
        rules: [],
        errors: [],
        calls: 2,
      };
      const onIndex = (f: Finding): Finding => ({
        ...f,
        table: name,
        data: { ...f.data, index: name, keyAttribute: name, keyValue: name },
      });
      for (const md of [
        findingCostMarkdown(onIndex(scan), { table, tableSource: name, health }),
        findingCostMarkdown({ ...scan, table: name }, { tableSource: name }),
        findingCostMarkdown(scan, { tableProblem: name }),
        findingCostMarkdown(onIndex(hotKey), { health, topKeys }),
      ])
        assertInert(md as string, name);
    });
  }

  it('shows a hostile table name verbatim in its code span', () => {
    const name = HOSTILE_NAMES[0] as string;
    const md = findingCostMarkdown({ ...scan, table: name }, {}) as string;
    assert.equal(
      renderedText(md),
      `Dynamo Guard: what this Scan costs. Table ${name} is not known on any configured connection, so the cost of a pass cannot be read.`,
    );
  });
});

describe("hover cost of a Scan at the user's prices", () => {
  it('prices the pass and the daily passes with dynamoGuard.cost.prices, in its currency', () => {
    const health = simulatedHealth(onDemand, { readUnitsPerMinute: 600 });
    const md = findingCostMarkdown(scan, {
      table: onDemand,
      health,
      prices: { currency: 'EUR', standard: { readPerMillion: 0.25 } },
    }) as string;
    // 1,310,720 read units at 0.25 per million: 0.3277 EUR, where the public us-east-1 rate gives $0.1638;
    // 0.66 passes a day at that price.
    assert.match(md, /\*\*0\.3277 EUR at your prices \(setting dynamoGuard\.cost\.prices\)\*\*/);
    assert.match(md, /equal \*\*0\.66 full passes a day\*\*: 0\.2160 EUR a day$/m);
    assert.doesNotMatch(md, /\$/);
  });

  it('keeps the public prices when the override does not set the rate a Scan uses', () => {
    const md = findingCostMarkdown(scan, { table: onDemand, prices: { standard: { writePerMillion: 2 } } }) as string;
    assert.match(md, /\*\*\$0\.1638 at your prices/);
  });
});
