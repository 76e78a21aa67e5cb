import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { HierarchicalNSW } from 'hnswlib-node';
import type { Passage } from '../../../knowledge/ingest/passageSplitter.js';
import { startHnswBuilder } from '../../../knowledge/retrieval/hnswBuilder.js';
import { PassageStore, type StoredPassage } from '../../../knowledge/retrieval/passageStore.js';
import { tempDir } from '../../helpers/app.js';

const passage = (id: string, text: string, lang: 'cs' | 'en' = 'cs'): StoredPassage => ({
  passage: { pageContent: text, metadata: { id, docId: id.split('#')[0]!, source: `${id.split('#')[0]!}.md`, title: 'Škodné události', lang, headings: ['Hlášení'], position: 0 } } as Passage,
  body: 'škod událost ~claim',
  heading: 'škod událost',
  section: 'hlášen',
});

function withDir<T>(run: (dir: string) => T): T {
  const dir = tempDir('passages-');
  try {
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PassageStore', () => {
  it('reads back every passage and its terms by label, unicode included', () => {
    withDir((dir) => {
      const file = path.join(dir, 'passages.bin');
      const records = [passage('škody#0', 'Škodnou událost nahlaste do 30 dnů. 😀'), passage('claims#1', 'Report a claim within 30 days.', 'en'), passage('ústředí#2', '')];
      PassageStore.write(file, records);
      const store = PassageStore.open(file);
      try {
        expect(store.size).toBe(3);
        expect(store.ids).toEqual(['škody#0', 'claims#1', 'ústředí#2']);
        expect(store.labelOf('claims#1')).toBe(1);
        expect(store.labelOf('missing')).toBeUndefined();
        records.forEach((r, label) => expect(store.record(label)).toEqual(r));
        expect([...store.passages()].map((p) => p.pageContent)).toEqual(records.map((r) => r.passage.pageContent));
        expect(store.record(3)).toBeUndefined();
        expect(store.record(-1)).toBeUndefined();
      } finally {
        store.close();
      }
      expect(store.record(0)).toBeUndefined();
    });
  });

  it('writes and opens an empty store', () => {
    withDir((dir) => {
      const file = path.join(dir, 'passages.bin');
      PassageStore.write(file, []);
      const store = PassageStore.open(file);
      expect(store.size).toBe(0);
      expect([...store.passages()]).toEqual([]);
      store.close();
    });
  });

  it('refuses a file that is not a passage store, or is cut short', () => {
    withDir((dir) => {
      const file = path.join(dir, 'passages.bin');
      fs.writeFileSync(file, 'not a passage store, just some text');
      expect(() => PassageStore.open(file)).toThrow(/not a passage store/);
      PassageStore.write(file, [passage('a#0', 'text')]);
      fs.truncateSync(file, 20);
      expect(() => PassageStore.open(file)).toThrow(/truncated/);
    });
  });
});

describe('HNSW builder', () => {
  it('builds the same labelled index in a worker thread as inline', async () => {
    const dir = tempDir('hnsw-');
    try {
      const { HierarchicalNSW: Hnsw } = createRequire(import.meta.url)('hnswlib-node') as typeof import('hnswlib-node');
      const dimensions = 8;
      const vectors = (count: number) => Array.from({ length: count }, (_, i) => Array.from({ length: dimensions }, (_, d) => Math.sin(i * (d + 1))));
      for (const count of [50, 2_500]) {
        const builder = startHnswBuilder({ dimensions, capacity: count });
        const all = vectors(count);
        for (let i = 0; i < count; i += 256) builder.add(all.slice(i, i + 256), i);
        const file = path.join(dir, `index-${count}`);
        expect(await builder.save(file)).toBe(count);
        const index: HierarchicalNSW = new Hnsw('cosine', dimensions);
        index.readIndexSync(file);
        expect(index.getCurrentCount()).toBe(count);
        expect(index.searchKnn(all[count - 1]!, 1).neighbors).toEqual([count - 1]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a vector of the wrong size', () => {
    const builder = startHnswBuilder({ dimensions: 4, capacity: 3_000 });
    try {
      expect(() => builder.add([[1, 2, 3]], 0)).toThrow(/3 dimensions/);
    } finally {
      builder.abort();
    }
  });
});
