import fs from 'node:fs';
import { z } from 'zod';

export const evalItemSchema = z.object({
  id: z.string(),
  lang: z.enum(['cs', 'en']),
  text: z.string(),
  // `unanswerable`: in the domain but not in the documents (our own sets; the public set has none).
  intent: z.enum(['question', 'report_claim', 'report_overdue', 'handoff', 'out_of_scope', 'unanswerable']),
  expect_any: z.array(z.string()).optional(),
  crosslingual: z.boolean().optional(),
});
export type EvalItem = z.infer<typeof evalItemSchema>;

/** Reads a JSON-lines evaluation file in the format of the public set. */
export function readEvalSet(file: string): EvalItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = evalItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}
