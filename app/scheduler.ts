import type { Logger } from 'pino';

/** Runs one round of a job, or skips it (another instance has it); see SharedRuntime.once. */
export type JobGate = (name: string, intervalMs: number, job: () => Promise<unknown>) => Promise<unknown>;

/**
 * The app's periodic jobs (handoff sweeps, retention) in one place: each runs every `ms`,
 * never overlaps itself, logs its failures by name, and `stop` ends them all (before shutdown).
 * With several instances a gate (PostgreSQL advisory lock and lease) lets one instance run each
 * round. Timers are unref'd: a job never keeps the process alive.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly logger: Logger,
    private readonly gate: JobGate = (_name, _ms, job) => job(),
  ) {}

  every(name: string, ms: number, job: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.gate(name, ms, job)
        .catch((error: unknown) => this.logger.error({ err: error, job: name }, `${name} failed`))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
  }
}
