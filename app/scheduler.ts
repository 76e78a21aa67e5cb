import type { Logger } from 'pino';

/**
 * The app's periodic jobs (handoff sweeps, retention) in one place: each runs every `ms`,
 * never overlaps itself, logs its failures by name, and `stop` ends them all (before shutdown).
 * Timers are unref'd: a job never keeps the process alive.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly logger: Logger) {}

  every(name: string, ms: number, job: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job()
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
