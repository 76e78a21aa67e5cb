import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { HierarchicalNSW } from 'hnswlib-node';

/**
 * Builds the HNSW file of an index build while the passages are still being embedded.
 *
 * Inserting a point into HNSW costs about as much as embedding and analysing its passage and
 * runs in native code on one thread; at 100k passages it was half of the ingest. With a large
 * corpus the insertion runs in a worker thread (vectors are sent as transferred Float32Arrays,
 * which is the precision hnswlib stores), so it overlaps with embedding on the second core.
 * A small corpus is inserted inline: starting a worker costs more than it saves.
 *
 * The worker is an evaluated CommonJS snippet that only loads hnswlib-node (resolved here), so it
 * runs the same under tsx, vitest and compiled dist/.
 */

/** Below this many points a worker thread is not worth starting. */
const WORKER_FROM_POINTS = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { HierarchicalNSW } = require(workerData.hnswlib);
const index = new HierarchicalNSW('cosine', workerData.dimensions);
index.initIndex(workerData.capacity);
parentPort.on('message', (message) => {
  try {
    if (message.type === 'add') {
      const { vectors, first } = message;
      const d = workerData.dimensions;
      for (let i = 0; i * d < vectors.length; i++) index.addPoint(Array.from(vectors.subarray(i * d, (i + 1) * d)), first + i);
    } else if (message.type === 'save') {
      index.writeIndexSync(message.file);
      parentPort.postMessage({ type: 'saved', count: index.getCurrentCount() });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
});
`;

export interface HnswBuilder {
  readonly dimensions: number;
  /** Points labelled first, first + 1, … in order. */
  add(vectors: readonly number[][], first: number): void;
  /** Writes the index file and releases the builder; resolves with the number of points. */
  save(file: string): Promise<number>;
  /** Releases the builder without writing (the build failed). */
  abort(): void;
}

export function startHnswBuilder(options: { dimensions: number; capacity: number }): HnswBuilder {
  return options.capacity >= WORKER_FROM_POINTS ? new WorkerHnswBuilder(options) : new InlineHnswBuilder(options);
}

class InlineHnswBuilder implements HnswBuilder {
  private readonly index: HierarchicalNSW;
  readonly dimensions: number;

  constructor(options: { dimensions: number; capacity: number }) {
    this.dimensions = options.dimensions;
    const { HierarchicalNSW: Hnsw } = createRequire(import.meta.url)('hnswlib-node') as typeof import('hnswlib-node');
    this.index = new Hnsw('cosine', options.dimensions);
    this.index.initIndex(options.capacity);
  }

  add(vectors: readonly number[][], first: number): void {
    vectors.forEach((vector, i) => this.index.addPoint(vector, first + i));
  }

  async save(file: string): Promise<number> {
    await this.index.writeIndex(file);
    return this.index.getCurrentCount();
  }

  abort(): void {}
}

class WorkerHnswBuilder implements HnswBuilder {
  private readonly worker: Worker;
  private failure?: Error;
  readonly dimensions: number;

  constructor(options: { dimensions: number; capacity: number }) {
    this.dimensions = options.dimensions;
    const hnswlib = createRequire(import.meta.url).resolve('hnswlib-node');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { hnswlib, ...options } });
    this.worker.on('error', (error) => (this.failure ??= error));
    this.worker.on('message', (message: { type: string; message?: string }) => {
      if (message.type === 'error') this.failure ??= new Error(`HNSW builder: ${message.message}`);
    });
  }

  add(vectors: readonly number[][], first: number): void {
    if (this.failure) throw this.failure;
    const flat = new Float32Array(vectors.length * this.dimensions);
    vectors.forEach((vector, i) => {
      if (vector.length !== this.dimensions) throw new Error(`A vector has ${vector.length} dimensions, the index ${this.dimensions}`);
      flat.set(vector, i * this.dimensions);
    });
    this.worker.postMessage({ type: 'add', vectors: flat, first }, [flat.buffer]);
  }

  abort(): void {
    void this.worker.terminate();
  }

  save(file: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.failure) {
        void this.worker.terminate();
        reject(this.failure);
        return;
      }
      const onMessage = (message: { type: string; count?: number; message?: string }) => {
        if (message.type === 'saved') {
          this.worker.off('error', onError);
          void this.worker.terminate().then(() => resolve(message.count ?? 0));
        } else if (message.type === 'error') {
          void this.worker.terminate();
          reject(new Error(`HNSW builder: ${message.message}`));
        }
      };
      const onError = (error: Error) => reject(error);
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage({ type: 'save', file });
    });
  }
}
