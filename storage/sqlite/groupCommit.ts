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
 * promise settles once its write is committed; each write runs in its own savepoint, so one
 * that fails is rolled back and reported alone. Readers of these tables call `flush()` first,
 * so they see every write issued before them.
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
    const failures: (unknown | undefined)[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            this.db.transaction(item.write)(); // nested: a savepoint
            failures.push(undefined);
          } catch (error) {
            failures.push(error ?? new Error('write failed'));
          }
        }
      })();
      this.commits++;
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => (failures[i] === undefined ? item.resolve() : item.reject(failures[i])));
  }
}
