// When the Tables view's metrics are read: only while the view is visible; on showing it, at once
// when something was never read or the interval has passed, else when it does; one run at a time (a
// refresh asked for during a run is the next run, shared by every caller); tables that arrive
// during a run are read right after it; otherwise every interval, read afresh after each run.

/** The timer functions the scheduler uses (the global ones unless a test supplies its own). */
export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RefreshSchedulerOptions {
  /** One refresh; the signal aborts when the scheduler is disposed. */
  run(signal: AbortSignal): Promise<void>;
  /** Milliseconds from the end of one run to the next (the budget can stretch it between runs). */
  intervalMs(): number;
  /** After every run, whether it succeeded or failed. */
  onSettled?(): void;
  timers?: SchedulerTimers;
  /** The clock, in ms since the epoch. */
  now?(): number;
}

/** How soon a run follows when new tables wait to be read. */
export const SOON_MS = 50;

const globalTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RefreshScheduler {
  private visible = false;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** Something new arrived during a run: run again right after it. */
  private again = false;
  private readonly abort = new AbortController();
  private readonly timers: SchedulerTimers;
  /** When the last run finished reading. */
  lastRefresh: Date | undefined;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.timers = options.timers ?? globalTimers;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Whether a run is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * The view was shown or hidden. Hidden: nothing is read. Shown: a run when the interval since the
   * last one has passed, or at once when `stale` (some table was never read).
   */
  setVisible(visible: boolean, stale = false): void {
    this.visible = visible;
    this.cancelTimer();
    if (!visible) return;
    const due = this.lastRefresh && !stale ? this.lastRefresh.getTime() + this.options.intervalMs() - this.now() : 0;
    this.schedule(Math.max(0, due));
  }

  /** New tables wait to be read: right after the current run, or in a moment. Only while visible. */
  soon(): void {
    if (!this.visible) return;
    if (this.running) this.again = true;
    else this.schedule(SOON_MS);
  }

  /** Runs now; a call during a run gets the next run, shared with every other such call. */
  refresh(): Promise<void> {
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    const signal = this.abort.signal;
    // Cleared only after `running` is assigned: a run with nothing to await finishes synchronously.
    const run = this.options
      .run(signal)
      .then(() => {
        this.lastRefresh = new Date(this.now());
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
        this.options.onSettled?.();
        const again = this.again;
        this.again = false;
        if (this.visible && !signal.aborted) this.schedule(again ? SOON_MS : this.options.intervalMs());
      });
    this.running = run;
    return run;
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.visible) void this.refresh();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancelTimer();
    this.abort.abort();
  }
}
