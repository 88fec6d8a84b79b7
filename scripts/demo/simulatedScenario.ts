// The demo's CloudWatch data: a clearly labelled SIMULATED scenario served by the local wire
// stand-in, in which `shop` throttles on a hot partition (the `PK: 'EVENTS'` writes) and the rest is calm.
import { minutePoints, type CloudWatchStandIn } from '../../test/harness/cloudWatchStandIn';

export const SCENARIO_LABEL = 'SIMULATED CloudWatch data (local stand-in, not from AWS)';

/** A deterministic wave so sparklines look alive but runs are repeatable. */
function wave(count: number, base: number, amplitude: number, phase = 0): number[] {
  return Array.from({ length: count }, (_, i) =>
    Math.max(0, Math.round(base + amplitude * Math.sin((i + phase) / 7) + ((i * 37) % 11) - 5)),
  );
}

/** Scripts 12 hours of per-minute series around now (the demo may run a while). */
export function loadSimulatedScenario(standIn: CloudWatchStandIn, tables: { name: string; gsis: string[] }[]): void {
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  const start = now - 3 * 3600;
  const count = 12 * 60;
  for (const { name, gsis } of tables) {
    const hot = name === 'shop';
    const dims = { TableName: name };
    // Consumed capacity is a Sum per minute: units per second × 60.
    standIn.setSeries({
      metric: 'ConsumedReadCapacityUnits',
      dimensions: dims,
      stat: 'Sum',
      points: minutePoints(start, wave(count, hot ? 2400 : 300, hot ? 900 : 120)),
    });
    standIn.setSeries({
      metric: 'ConsumedWriteCapacityUnits',
      dimensions: dims,
      stat: 'Sum',
      points: minutePoints(start, wave(count, hot ? 54000 : 200, hot ? 6000 : 80, 3)),
    });
    if (hot) {
      // Throttle bursts every ~20 minutes: the single `EVENTS` partition exceeds 1,000 WCU/s.
      const throttles = Array.from({ length: count }, (_, i) => (i % 20 < 4 ? 180 + ((i * 13) % 60) : 0));
      standIn.setSeries({
        metric: 'WriteThrottleEvents',
        dimensions: dims,
        stat: 'Sum',
        points: minutePoints(start, throttles),
      });
      standIn.setSeries({
        metric: 'WriteKeyRangeThroughputThrottleEvents',
        dimensions: dims,
        stat: 'Sum',
        points: minutePoints(start, throttles),
      });
    }
    for (const index of gsis) {
      const idims = { TableName: name, GlobalSecondaryIndexName: index };
      standIn.setSeries({
        metric: 'ConsumedReadCapacityUnits',
        dimensions: idims,
        stat: 'Sum',
        points: minutePoints(start, wave(count, 600, 200, 5)),
      });
      standIn.setSeries({
        metric: 'ConsumedWriteCapacityUnits',
        dimensions: idims,
        stat: 'Sum',
        points: minutePoints(start, wave(count, 3000, 800, 9)),
      });
    }
    for (const operation of ['GetItem', 'Query', 'Scan', 'PutItem']) {
      const odims = { TableName: name, Operation: operation };
      standIn.setSeries({
        metric: 'SuccessfulRequestLatency',
        dimensions: odims,
        stat: 'Average',
        points: minutePoints(start, wave(count, operation === 'Scan' ? 180 : 6, operation === 'Scan' ? 40 : 2)),
      });
    }
  }
}
