import type { SqliteDatabase } from './sqliteDatabase.js';

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the small writes of a turn — its transcript rows, the answer log, the dedupe
 * record — and those of the turns running beside it are committed in one transaction on the
 * next turn of the event loop, instead of one commit (WAL append, locks) each (#20). A caller's
 * promise settles once its write is committed; a write that fails is reported alone (the batch
 * is rolled back and its writes run again one by one). Readers of these tables call `flush()`
 * first, so they see every write issued before them.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private scheduled = false;
  /** Transactions committed so far (for tests and the bench). */
  commits = 0;

  constructor(private readonly db: SqliteDatabase) {}

  run(write: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every pending write now (before a read, and before the database is closed). */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) item.write();
      })();
      this.commits++;
    } catch {
      // Rare: one write failed and the whole batch was rolled back. Each runs again alone, so
      // only the failing one is lost and reported.
      for (const item of batch) this.runAlone(item);
      return;
    }
    for (const item of batch) item.resolve();
  }

  private runAlone(item: PendingWrite): void {
    try {
      this.db.transaction(item.write)();
      this.commits++;
      item.resolve();
    } catch (error) {
      item.reject(error ?? new Error('write failed'));
    }
  }
}
