/**
 * Preloaded into a child bot (`node --import`) to run it at another time of day: Date (and so
 * Luxon, jose and the logs) reads the real clock plus TEST_CLOCK_OFFSET_MS, and keeps running.
 * Timers are unaffected (they use the monotonic clock). For child processes of tests that need
 * business hours, since the entry point takes no clock from outside.
 */
const offset = Number(process.env.TEST_CLOCK_OFFSET_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
