// Replays consumed capacity through a simulation of DynamoDB auto scaling (target tracking), to say
// what a provisioned table with auto scaling would have cost and whether it would have throttled.
//
// The rules, from AWS's documentation:
// - Scale-out: "Auto scaling triggers when your consumed capacity breaches the configured target
//   utilization for two consecutive minutes" and "a scale down event can occur when 15 consecutive data
//   points are lower than the target utilization"; after either, UpdateTable "takes several minutes",
//   and requests above the previous capacity are throttled meanwhile (DynamoDB Developer Guide,
//   "DynamoDB Metrics and dimensions", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
//   With 5-minute data we scale out after two consecutive periods above target, and the new capacity
//   applies from the next period.
// - Scale-in needs utilization "20% or more below the target for 15 consecutive minutes" (AWS Knowledge
//   Center, https://repost.aws/knowledge-center/dynamodb-auto-scaling: target 70 % scales in below 50 %).
// - Decreases are rationed per table (or GSI) and UTC day: "A decrease is allowed up to four times,
//   anytime per day", then one more for each hour without a decrease, 27 a day at most (DynamoDB
//   Developer Guide, "Service, account, and table quotas",
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
// - Target utilization must be 20-90 % (DynamoDB console and Application Auto Scaling for DynamoDB).
//
// Known simplification: burst capacity (up to 300 s of unused capacity) is ignored, so the replay
// counts throttling a real table might have absorbed: it errs towards "stay on-demand".

export const DEFAULT_TARGET_UTILIZATION = 0.7;
export const MIN_TARGET_UTILIZATION = 0.2;
export const MAX_TARGET_UTILIZATION = 0.9;
export const SCALE_OUT_PERIODS = 2;
export const SCALE_IN_SECONDS = 15 * 60;
/** Scale-in waits for utilization this far (in utilization points) below the target. */
export const SCALE_IN_MARGIN = 0.2;
export const FREE_DECREASES_PER_DAY = 4;
export const DECREASE_SPACING_SECONDS = 3600;
export const MIN_CAPACITY = 1;
/** The default per-table quota (AWS-FACTS 5.3). */
export const MAX_CAPACITY = 40_000;

export interface ReplayOptions {
  /** 0.2-0.9 (default 0.7). */
  targetUtilization?: number;
  minCapacity?: number;
  maxCapacity?: number;
}

export interface ReplayInput {
  /** Consumed units per period (the CloudWatch Sum), for reads and writes of one table or GSI. */
  read: readonly number[];
  write: readonly number[];
  periodSeconds: number;
  /** Epoch seconds of the first period: decreases are counted per UTC day. */
  startSec: number;
}

export interface DirectionReplay {
  /** Provisioned capacity in effect during each period. */
  capacity: number[];
  /** Sum of capacity x hours over the window. */
  unitHours: number;
  /** Periods whose average consumption was above the capacity in effect. */
  throttledPeriods: number;
  /** Units consumed above the capacity, summed over those periods (what would have been throttled). */
  throttledUnits: number;
  peakCapacity: number;
  /** Epoch seconds of the first throttled period. */
  firstThrottleSec?: number;
}

export interface ReplayResult {
  read: DirectionReplay;
  write: DirectionReplay;
  scaleOuts: number;
  scaleIns: number;
  /** Scale-ins that were due but refused by the daily decrease limit. */
  decreasesRefused: number;
}

export function validTargetUtilization(target: number): boolean {
  return Number.isFinite(target) && target >= MIN_TARGET_UTILIZATION && target <= MAX_TARGET_UTILIZATION;
}

interface DirectionState {
  rates: number[];
  capacity: number;
  out: DirectionReplay;
}

/** Replays one table or GSI; reads and writes share the decrease limit, as they share the table. */
export function replayAutoScaling(input: ReplayInput, options: ReplayOptions = {}): ReplayResult {
  const target = options.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
  if (!validTargetUtilization(target))
    throw new RangeError(`target utilization must be between 20 % and 90 %, got ${Math.round(target * 100)} %`);
  if (!(input.periodSeconds > 0)) throw new RangeError(`periodSeconds must be positive, got ${input.periodSeconds}`);
  const min = options.minCapacity ?? MIN_CAPACITY;
  const max = options.maxCapacity ?? MAX_CAPACITY;
  const p = input.periodSeconds;
  const periods = Math.max(input.read.length, input.write.length);
  const scaleInPeriods = Math.max(1, Math.ceil(SCALE_IN_SECONDS / p));
  const clamp = (units: number) => Math.min(max, Math.max(min, Math.ceil(units - 1e-9)));
  const rateOf = (xs: readonly number[]) =>
    Array.from({ length: periods }, (_, i) => Math.max(0, Number.isFinite(xs[i]) ? (xs[i] as number) / p : 0));

  const states: DirectionState[] = [input.read, input.write].map((series) => {
    const rates = rateOf(series);
    const capacity = clamp((rates[0] ?? 0) / target);
    return {
      rates,
      capacity,
      out: { capacity: [], unitHours: 0, throttledPeriods: 0, throttledUnits: 0, peakCapacity: capacity },
    };
  });
  let scaleOuts = 0;
  let scaleIns = 0;
  let decreasesRefused = 0;
  let day = -1;
  let decreasesToday = 0;
  let lastDecreaseSec = Number.NEGATIVE_INFINITY;

  for (let i = 0; i < periods; i++) {
    const t = input.startSec + i * p;
    const utcDay = Math.floor(t / 86_400);
    if (utcDay !== day) {
      day = utcDay;
      decreasesToday = 0;
    }
    // 1. This period runs at the capacity decided before it.
    for (const s of states) {
      const rate = s.rates[i] as number;
      s.out.capacity.push(s.capacity);
      s.out.unitHours += (s.capacity * p) / 3600;
      s.out.peakCapacity = Math.max(s.out.peakCapacity, s.capacity);
      if (rate > s.capacity + 1e-9) {
        s.out.throttledPeriods++;
        s.out.throttledUnits += (rate - s.capacity) * p;
        s.out.firstThrottleSec ??= t;
      }
    }
    // 2. The alarms look at this period and the ones before it; a change applies from the next period.
    const wantIn: { s: DirectionState; next: number }[] = [];
    for (const s of states) {
      const above = (k: number) => k >= 0 && (s.rates[k] as number) > target * (s.out.capacity[k] as number) + 1e-9;
      let outNow = i + 1 >= SCALE_OUT_PERIODS;
      for (let k = i - SCALE_OUT_PERIODS + 1; outNow && k <= i; k++) outNow = above(k);
      if (outNow) {
        const recent = Math.max(...s.rates.slice(Math.max(0, i - SCALE_OUT_PERIODS + 1), i + 1));
        const next = clamp(recent / target);
        if (next > s.capacity) {
          s.capacity = next;
          scaleOuts++;
        }
        continue;
      }
      if (i + 1 < scaleInPeriods) continue;
      const window = s.rates.slice(i - scaleInPeriods + 1, i + 1);
      const lowerBound = (target - SCALE_IN_MARGIN) * s.capacity;
      if (window.every((r) => r < lowerBound - 1e-9)) {
        const next = clamp(Math.max(...window) / target);
        if (next < s.capacity) wantIn.push({ s, next });
      }
    }
    if (wantIn.length > 0) {
      // One UpdateTable lowers both directions at once: it is one decrease.
      const allowed = decreasesToday < FREE_DECREASES_PER_DAY || t + p - lastDecreaseSec >= DECREASE_SPACING_SECONDS;
      if (allowed) {
        for (const { s, next } of wantIn) s.capacity = next;
        decreasesToday++;
        lastDecreaseSec = t + p;
        scaleIns++;
      } else {
        decreasesRefused++;
      }
    }
  }
  const [read, write] = states.map((s) => s.out) as [DirectionReplay, DirectionReplay];
  return { read, write, scaleOuts, scaleIns, decreasesRefused };
}
