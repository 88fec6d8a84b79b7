// Spending settings: the user's value decides, a workspace's .vscode/settings.json may only make
// polling cheaper, and package.json keeps every such setting out of untrusted workspaces.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  GUARDED_SETTINGS,
  resolveMetricsSettings,
  type SettingLayers,
} from '../../../src/core/metrics/metricsSettings';

const layers = (byKey: Record<string, SettingLayers>) => (key: string) => byKey[key];

describe('metrics settings from each layer', () => {
  it("ignores a workspace budget of 0 (unlimited) and a workspace budget above the user's", () => {
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, workspaceValue: 0 } })).monthlyBudgetUsd,
      1,
    );
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, globalValue: 2, workspaceValue: 50 } }))
        .monthlyBudgetUsd,
      2,
    );
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, globalValue: 2, workspaceFolderValue: 0 } }))
        .monthlyBudgetUsd,
      2,
    );
  });

  it('lets a workspace lower the budget, or set one where the user has none', () => {
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, workspaceValue: 0.25 } })).monthlyBudgetUsd,
      0.25,
    );
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, globalValue: 0, workspaceValue: 3 } }))
        .monthlyBudgetUsd,
      3,
    );
    assert.equal(
      resolveMetricsSettings(layers({ monthlyBudgetUsd: { defaultValue: 1, globalValue: 0 } })).monthlyBudgetUsd,
      0,
    );
  });

  it("ignores a workspace interval shorter than the user's, and takes a longer one", () => {
    assert.equal(
      resolveMetricsSettings(layers({ refreshIntervalSeconds: { defaultValue: 300, workspaceValue: 60 } }))
        .refreshSeconds,
      300,
    );
    assert.equal(
      resolveMetricsSettings(
        layers({ refreshIntervalSeconds: { defaultValue: 300, globalValue: 120, workspaceValue: 60 } }),
      ).refreshSeconds,
      120,
    );
    assert.equal(
      resolveMetricsSettings(layers({ refreshIntervalSeconds: { defaultValue: 300, workspaceValue: 900 } }))
        .refreshSeconds,
      900,
    );
  });

  it('lets a workspace turn metrics off but not back on', () => {
    assert.equal(
      resolveMetricsSettings(layers({ enabled: { defaultValue: true, workspaceValue: false } })).enabled,
      false,
    );
    assert.equal(
      resolveMetricsSettings(layers({ enabled: { defaultValue: true, globalValue: false, workspaceValue: true } }))
        .enabled,
      false,
    );
  });

  it('takes the window length from the workspace (it does not change what GetMetricData bills)', () => {
    assert.equal(
      resolveMetricsSettings(layers({ windowMinutes: { defaultValue: 60, globalValue: 30, workspaceValue: 120 } }))
        .windowMinutes,
      120,
    );
  });

  it('falls back to the defaults on missing or malformed values, and clamps to the ranges', () => {
    assert.deepEqual(
      resolveMetricsSettings(() => undefined),
      { enabled: true, refreshSeconds: 300, windowMinutes: 60, monthlyBudgetUsd: 1 },
    );
    const odd = resolveMetricsSettings(
      layers({
        refreshIntervalSeconds: { globalValue: '5' },
        monthlyBudgetUsd: { globalValue: -3 },
        enabled: { globalValue: 'no' },
      }),
    );
    assert.deepEqual(odd, { enabled: true, refreshSeconds: 300, windowMinutes: 60, monthlyBudgetUsd: 0 });
  });
});

describe('package.json guards the settings that spend or redirect', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
  };
  const properties = manifest.contributes.configuration.properties;
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];

  for (const key of GUARDED_SETTINGS) {
    it(`${key} is restricted in untrusted workspaces and says what a workspace value does`, () => {
      const setting = properties[key];
      assert.ok(setting, `${key} is declared`);
      assert.ok(restricted.includes(key), `${key} is in restrictedConfigurations`);
      assert.ok(
        ['application', 'machine', 'window'].includes(setting.scope ?? ''),
        `${key} has scope ${setting.scope}`,
      );
      assert.match(setting.markdownDescription ?? '', /workspace/i);
    });
  }

  it('connections and prices can only be set in user settings', () => {
    assert.equal(properties['dynamoGuard.connections']?.scope, 'application');
    assert.equal(properties['dynamoGuard.cost.prices']?.scope, 'application');
  });

  it('restricts exactly the guarded settings, and every metrics and cost setting is either guarded or known not to spend', () => {
    assert.deepEqual([...restricted].sort(), [...GUARDED_SETTINGS].sort());
    const notSpending = ['dynamoGuard.metrics.windowMinutes'];
    for (const key of Object.keys(properties).filter(
      (k) => k.startsWith('dynamoGuard.metrics.') || k.startsWith('dynamoGuard.cost.'),
    )) {
      assert.ok(
        (GUARDED_SETTINGS as readonly string[]).includes(key) || notSpending.includes(key),
        `${key}: decide whether it spends`,
      );
    }
  });
});
