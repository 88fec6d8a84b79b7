// A repository's .vscode/settings.json cannot make the Tables view poll the user's AWS account more:
// a workspace budget of 0 (no budget) and a shorter workspace interval are ignored, while a longer
// workspace interval (cheaper) is taken.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface RefreshBudget {
  seconds: number;
  stretched: boolean;
  usdPerMonth: number;
}
interface Api {
  poller: { budget(): RefreshBudget };
}

describe('spending settings in workspace settings', () => {
  let api: Api;
  const metrics = () => vscode.workspace.getConfiguration('dynamoGuard.metrics');
  const userValue = (key: string, fallback: number): number => {
    const inspected = metrics().inspect<number>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };

  before(async () => {
    api = await vscode.extensions.getExtension<Api>('dynamo-guard.dynamo-guard')!.activate();
  });

  afterEach(async () => {
    for (const key of ['monthlyBudgetUsd', 'refreshIntervalSeconds']) await metrics().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('ignores a workspace budget of 0 and a workspace interval shorter than the user\'s', async () => {
    const userSeconds = userValue('refreshIntervalSeconds', 300);
    const userBudget = userValue('monthlyBudgetUsd', 1);
    assert.ok(userSeconds > 60, `the user interval (${userSeconds} s) leaves room for a shorter workspace one`);
    const before = api.poller.budget();
    await metrics().update('monthlyBudgetUsd', 0, vscode.ConfigurationTarget.Workspace);
    await metrics().update('refreshIntervalSeconds', 60, vscode.ConfigurationTarget.Workspace);
    assert.equal(metrics().inspect<number>('monthlyBudgetUsd')?.workspaceValue, 0, 'the workspace value is in place');
    assert.equal(metrics().inspect<number>('refreshIntervalSeconds')?.workspaceValue, 60, 'the workspace value is in place');
    const after = api.poller.budget();
    assert.ok(after.seconds >= userSeconds, `polls every ${after.seconds} s, not more often than the user's ${userSeconds} s`);
    // When earlier suites left tables watched, the user's budget still stretches the interval.
    if (before.stretched && userBudget > 0) {
      assert.ok(after.stretched, 'the user budget still applies');
      assert.ok(after.usdPerMonth <= userBudget, `projected $${after.usdPerMonth} a month within the user's $${userBudget}`);
    }
  });

  it('takes a workspace interval longer than the user\'s', async () => {
    const longer = Math.max(userValue('refreshIntervalSeconds', 300), 300) * 4;
    await metrics().update('refreshIntervalSeconds', longer, vscode.ConfigurationTarget.Workspace);
    assert.ok(api.poller.budget().seconds >= longer, `polls every ${api.poller.budget().seconds} s`);
  });
});
