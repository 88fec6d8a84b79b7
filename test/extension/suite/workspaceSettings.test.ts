// A repository's .vscode/settings.json cannot make the Tables view poll the user's AWS account more:
// a workspace budget of 0 (no budget) and a shorter workspace interval are ignored, while a longer
// workspace interval (cheaper) is taken. Read from the view's "Monitoring cost" row as a user sees it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { page } from '../page';
import { until } from '../until';

const VIEW = 'Tables';
const ROW = ['Monitoring cost'];

interface Polling {
  minutes: number;
  usdPerMonth: number;
  stretched: boolean;
  lastRefresh: string;
}

/** The interval, projected spend and last refresh the Monitoring cost row shows. */
async function polling(): Promise<Polling | undefined> {
  const row = (await page.treeRows(VIEW)).find((r) => r.path.length === 1 && r.label === ROW[0]);
  const m = /≈\$(\d+\.\d+)\/month · every (\d+) min$/.exec(row?.description ?? '');
  if (!m) return undefined;
  const tooltip = await page.tooltip(VIEW, ROW);
  const last = /Last refresh (.+)\./.exec(tooltip);
  return {
    usdPerMonth: Number(m[1]),
    minutes: Number(m[2]),
    stretched: tooltip.includes('so that polling stays within'),
    lastRefresh: last?.[1] ?? '',
  };
}

describe('spending settings in workspace settings', () => {
  const metrics = () => vscode.workspace.getConfiguration('dynamoGuard.metrics');
  const userValue = (key: string, fallback: number): number => {
    const inspected = metrics().inspect<number>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  /** Changes the settings, then waits for the refresh they cause to show in the row. */
  const change = async (before: Polling, updates: [string, number][]): Promise<Polling> => {
    // The row gives the last refresh to the second: let a second pass so the next one reads differently.
    await new Promise((r) => setTimeout(r, 1100));
    for (const [key, value] of updates) await metrics().update(key, value, vscode.ConfigurationTarget.Workspace);
    return until('the refresh after the change', async () => {
      const p = await polling();
      return p && p.lastRefresh !== before.lastRefresh && p;
    });
  };

  before(async function () {
    const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT;
    if (!page.available || !endpoint) this.skip();
    // A table for the view to watch: the row appears after its first read.
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client
      .send(
        new CreateTableCommand({
          TableName: 'settings-watched',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
    client.destroy();
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await until('the Monitoring cost row', polling);
  });

  afterEach(async () => {
    for (const key of ['monthlyBudgetUsd', 'refreshIntervalSeconds'])
      await metrics().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("ignores a workspace budget of 0 and a workspace interval shorter than the user's", async () => {
    const userSeconds = userValue('refreshIntervalSeconds', 300);
    const userBudget = userValue('monthlyBudgetUsd', 1);
    assert.ok(userSeconds > 60, `the user interval (${userSeconds} s) leaves room for a shorter workspace one`);
    const before = await until('the Monitoring cost row', polling);
    const after = await change(before, [
      ['monthlyBudgetUsd', 0],
      ['refreshIntervalSeconds', 60],
    ]);
    assert.equal(metrics().inspect<number>('monthlyBudgetUsd')?.workspaceValue, 0, 'the workspace value is in place');
    assert.equal(
      metrics().inspect<number>('refreshIntervalSeconds')?.workspaceValue,
      60,
      'the workspace value is in place',
    );
    assert.ok(
      after.minutes >= Math.round(userSeconds / 60),
      `polls every ${after.minutes} min, not more often than the user's ${userSeconds} s`,
    );
    // When earlier suites left tables watched, the user's budget still stretches the interval.
    if (before.stretched && userBudget > 0) {
      assert.ok(after.stretched, 'the user budget still applies');
      assert.ok(
        after.usdPerMonth <= userBudget,
        `projected $${after.usdPerMonth} a month within the user's $${userBudget}`,
      );
    }
  });

  it("takes a workspace interval longer than the user's", async () => {
    const longer = Math.max(userValue('refreshIntervalSeconds', 300), 300) * 4;
    const before = await until('the Monitoring cost row', polling);
    await change(before, [['refreshIntervalSeconds', longer]]);
    // A refresh already under way when the setting changed may show first: wait for the one after it.
    const after = await until(
      `an interval of ${Math.round(longer / 60)} min or more`,
      async () => {
        const p = await polling();
        return p && p.minutes >= Math.round(longer / 60) && p;
      },
      30_000,
    );
    assert.ok(after.minutes >= Math.round(longer / 60), `polls every ${after.minutes} min`);
  });
});
