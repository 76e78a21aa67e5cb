import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const lexiconDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lexicon');

const conceptsSchema = z.object({
  concepts: z.array(
    z.object({ id: z.string().regex(/^[a-z_]+$/), cs: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
  ),
});
const stopwordsSchema = z.object({ cs: z.array(z.string()), en: z.array(z.string()) });
const lemmasSchema = z.record(z.string(), z.string());
const alignedSchema = z.object({
  concepts: z.array(z.object({ id: z.string(), cs: z.array(z.string().min(1)), en: z.array(z.string().min(1)) })),
});

export type Lexicon = {
  concepts: z.infer<typeof conceptsSchema>['concepts'];
  stopwords: z.infer<typeof stopwordsSchema>;
  lemmas: z.infer<typeof lemmasSchema>;
  /**
   * English ↔ Czech word pairs learnt from the parallel documents (aligned.json, generated):
   * weaker evidence than `concepts`, used on the question side only (see TextAnalyzer).
   */
  aligned?: z.infer<typeof alignedSchema>['concepts'];
};

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const full = path.join(lexiconDir, file);
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
  if (!parsed.success) throw new Error(`Lexicon file ${full} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** Loads the data-driven lexicon (see knowledge/lexicon/README.md). */
export function loadLexicon(): Lexicon {
  return {
    concepts: readJson('concepts.json', conceptsSchema).concepts,
    stopwords: readJson('stopwords.json', stopwordsSchema),
    lemmas: readJson('lemmas.json', lemmasSchema),
    aligned: readJson('aligned.json', alignedSchema).concepts,
  };
}

/** Changes whenever the lexicon files or the analysis code version change; part of the index manifest. */
export const ANALYZER_VERSION = 1;
export function lexiconFingerprint(lexicon: Lexicon): string {
  return createHash('sha256').update(`${ANALYZER_VERSION}\n${JSON.stringify(lexicon)}`).digest('hex').slice(0, 16);
}
