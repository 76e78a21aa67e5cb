import fs from 'node:fs';
import type { Passage } from '../ingest/passageSplitter.js';

/**
 * The passages of one index build and their analysed terms, in one file read on demand: a query
 * reads the few dozen candidates it scores, so the corpus is on disk (and in the OS page cache),
 * not in the heap. Only the ids stay in memory (id ↔ label).
 *
 * Layout: a header (magic, version, count, ids bytes), `count + 1` record offsets (float64:
 * files beyond 4 GB stay addressable), the ids joined by "\n", then one UTF-8 JSON record per
 * passage in label order.
 */

export interface StoredPassage {
  passage: Passage;
  /** Analysed terms of the text, space-joined, in order (term frequency counts). */
  body: string;
  /** Analysed terms of the title and heading path, space-joined. */
  heading: string;
  /** Analysed terms of the heading path alone, space-joined. */
  section: string;
}

const MAGIC = 0x53534150; // "PASS", little-endian
const VERSION = 1;
const HEADER_BYTES = 16;
/** Parsed records kept: a query touches ~40 passages, a few times each (rank, evidence, answer). */
const CACHE_RECORDS = 512;

export class PassageStore {
  private readonly labelById = new Map<string, number>();
  private readonly cache = new Map<number, StoredPassage>();

  private constructor(
    private fd: number | undefined,
    readonly ids: readonly string[],
    private readonly offsets: Float64Array,
    private readonly dataStart: number,
  ) {
    ids.forEach((id, label) => this.labelById.set(id, label));
  }

  static empty(): PassageStore {
    return new PassageStore(undefined, [], new Float64Array(1), 0);
  }

  /** Writes the records in label order (streamed: only one record is encoded at a time). */
  static write(file: string, records: readonly StoredPassage[]): void {
    const ids = Buffer.from(records.map((r) => r.passage.metadata.id).join('\n'), 'utf8');
    const offsets = new Float64Array(records.length + 1);
    const fd = fs.openSync(file, 'w');
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt32LE(MAGIC, 0);
      header.writeUInt32LE(VERSION, 4);
      header.writeUInt32LE(records.length, 8);
      header.writeUInt32LE(ids.length, 12);
      const dataStart = HEADER_BYTES + offsets.byteLength + ids.length;
      // Records first (their offsets are known only once written), then the header and offsets.
      let at = 0;
      const chunks: Buffer[] = [];
      let chunkBytes = 0;
      const flush = () => {
        if (chunkBytes === 0) return;
        fs.writeSync(fd, Buffer.concat(chunks, chunkBytes), 0, chunkBytes, dataStart + at - chunkBytes);
        chunks.length = 0;
        chunkBytes = 0;
      };
      records.forEach((record, label) => {
        const { passage, body, heading, section } = record;
        const bytes = Buffer.from(JSON.stringify({ t: passage.pageContent, m: passage.metadata, b: body, h: heading, s: section }), 'utf8');
        offsets[label] = at;
        at += bytes.length;
        chunks.push(bytes);
        chunkBytes += bytes.length;
        if (chunkBytes > 1 << 20) flush();
      });
      flush();
      offsets[records.length] = at;
      fs.writeSync(fd, header, 0, HEADER_BYTES, 0);
      fs.writeSync(fd, Buffer.from(offsets.buffer), 0, offsets.byteLength, HEADER_BYTES);
      fs.writeSync(fd, ids, 0, ids.length, HEADER_BYTES + offsets.byteLength);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Opens a written store: reads the header, offsets and ids; records are read when asked for. */
  static open(file: string): PassageStore {
    const fd = fs.openSync(file, 'r');
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES || header.readUInt32LE(0) !== MAGIC) throw new Error(`${file} is not a passage store`);
      if (header.readUInt32LE(4) !== VERSION) throw new Error(`${file}: unsupported passage store version ${header.readUInt32LE(4)}`);
      const count = header.readUInt32LE(8);
      const idsBytes = header.readUInt32LE(12);
      const offsets = new Float64Array(count + 1);
      const ids = Buffer.alloc(idsBytes);
      readExactly(fd, Buffer.from(offsets.buffer), HEADER_BYTES, file);
      readExactly(fd, ids, HEADER_BYTES + offsets.byteLength, file);
      const idList = count === 0 ? [] : ids.toString('utf8').split('\n');
      if (idList.length !== count) throw new Error(`${file}: the ids do not match the header`);
      return new PassageStore(fd, idList, offsets, HEADER_BYTES + offsets.byteLength + idsBytes);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  get size(): number {
    return this.ids.length;
  }

  labelOf(id: string): number | undefined {
    return this.labelById.get(id);
  }

  record(label: number): StoredPassage | undefined {
    if (this.fd === undefined || !(label >= 0 && label < this.ids.length)) return undefined;
    const cached = this.cache.get(label);
    if (cached) {
      // Most recently used last, so the oldest is the first key.
      this.cache.delete(label);
      this.cache.set(label, cached);
      return cached;
    }
    const start = this.offsets[label]!;
    const bytes = Buffer.allocUnsafe(this.offsets[label + 1]! - start);
    readExactly(this.fd, bytes, this.dataStart + start, 'passage store');
    const raw = JSON.parse(bytes.toString('utf8')) as { t: string; m: Passage['metadata']; b: string; h: string; s: string };
    const record: StoredPassage = { passage: { pageContent: raw.t, metadata: raw.m } as Passage, body: raw.b, heading: raw.h, section: raw.s };
    if (this.cache.size >= CACHE_RECORDS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(label, record);
    return record;
  }

  passage(label: number): Passage | undefined {
    return this.record(label)?.passage;
  }

  /** Every passage in label order, read one at a time (evaluation, baselines, re-indexing). */
  *passages(): Generator<Passage> {
    for (let label = 0; label < this.size; label++) yield this.passage(label)!;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.cache.clear();
  }
}

function readExactly(fd: number, into: Buffer, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(`${file} is truncated`);
    done += n;
  }
}
