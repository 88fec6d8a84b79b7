// ElectroDB `Service` containers: `service.entities.<name>` is the entity the service was given.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, expectFindingAt } from './analyzerFixtures';

describe('rule scan: ElectroDB entities of a Service', () => {
  const { result, text } = analyzeFixture('scan/electrodbService.ts');

  it('flags service.entities.users.scan, on the table of the entity', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'export const allUsers',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'electrodb');
  });

  it('flags an entity destructured from service.entities', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'export const allTasks',
      confidence: 'high',
    });
    assert.equal(f.data?.paginated, true);
  });

  it('reports nothing for a name the service does not hold, a get, or a look-alike class', () => {
    assert.deepEqual(
      result.findings.map((f) => /export const (\w+)/.exec(text.split('\n')[f.line - 1] ?? '')?.[1]),
      ['allUsers', 'allTasks'],
    );
  });
});
