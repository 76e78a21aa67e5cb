import { foldDiacritics } from '../knowledge/text/fold.js';
import type { Lang } from '../locales/lang.js';

export type GapSource = 'dont_know' | 'out_of_scope' | 'disliked';

/** One question the bot could not answer, or whose answer a client disliked. */
export interface GapItem {
  text: string;
  language: Lang;
  conversationId: string;
  source: GapSource;
  at: string;
  /** The client's comment after 👎. */
  comment?: string;
  /** Documents cited by a disliked answer. */
  documents?: string[];
}

/** Similar questions, shown as one line: "23 questions from 18 conversations about …". */
export interface GapCluster {
  /** The most frequent question of the group (ties: the one nearest the group's centre). */
  label: string;
  questions: number;
  conversations: number;
  sources: Record<GapSource, number>;
  /** Distinct wordings, most frequent first. */
  examples: string[];
  comments: string[];
  documents: string[];
  lastAt: string;
}

/** A text's vector in the offline embedding space (HashedEmbeddings.embedSync): L2-normalised. */
export type Embed = (text: string, lang: Lang) => number[];

/**
 * Cosine similarity at which a question joins a group. Calibrated with the offline hashed
 * embeddings on unanswerable questions of both languages: rewordings of one question score
 * 0.65–0.85 (Czech inflection included, thanks to the stems and character n-grams), while
 * different questions that share a domain word ("pojistné", "premium") reach 0.45. 0.55 keeps
 * both margins; the insights tests pin the grouping of a seeded set.
 */
export const GAP_SIMILARITY_THRESHOLD = 0.55;

export interface GroupingOptions {
  threshold?: number;
  maxExamples?: number;
  maxComments?: number;
}

interface Wording {
  key: string;
  text: string;
  language: Lang;
  items: GapItem[];
  vector: number[];
}

interface Group {
  wordings: Wording[];
  sum: number[];
  centroid: number[];
}

/** The same question typed twice ("Jak zrušit smlouvu?" / "jak zrusit smlouvu") is one wording. */
export function wordingKey(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function normalised(v: number[]): number[] {
  const norm = Math.sqrt(dot(v, v)) || 1;
  return v.map((x) => x / norm);
}

/**
 * Groups questions by meaning, deterministically: identical wordings are merged first; then
 * the wordings, most frequent first (ties alphabetical), join the group whose centroid is the
 * most similar at or above the threshold, or start a new one. The order depends only on the
 * data, so the same questions always give the same groups (leader clustering on centroids).
 */
export function groupQuestions(items: GapItem[], embed: Embed, options: GroupingOptions = {}): GapCluster[] {
  const threshold = options.threshold ?? GAP_SIMILARITY_THRESHOLD;
  const byKey = new Map<string, Wording>();
  for (const item of items) {
    const key = wordingKey(item.text);
    if (!key) continue;
    const existing = byKey.get(key);
    if (existing) existing.items.push(item);
    else byKey.set(key, { key, text: item.text.trim(), language: item.language, items: [item], vector: [] });
  }
  const wordings = [...byKey.values()].sort((a, b) => b.items.length - a.items.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const w of wordings) w.vector = embed(w.text, w.language);

  const groups: Group[] = [];
  for (const wording of wordings) {
    let best: Group | undefined;
    let bestScore = threshold;
    for (const group of groups) {
      const score = dot(wording.vector, group.centroid);
      if (score >= bestScore && (!best || score > bestScore)) {
        best = group;
        bestScore = score;
      }
    }
    const weighted = wording.vector.map((x) => x * wording.items.length);
    if (best) {
      best.wordings.push(wording);
      best.sum = best.sum.map((x, i) => x + weighted[i]!);
      best.centroid = normalised(best.sum);
    } else {
      groups.push({ wordings: [wording], sum: weighted, centroid: normalised(weighted) });
    }
  }
  return groups.map((g) => summarise(g, options)).sort((a, b) => b.questions - a.questions || b.conversations - a.conversations || a.label.localeCompare(b.label));
}

function summarise(group: Group, options: GroupingOptions): GapCluster {
  // The most asked wording names the group; among equals, the most typical one (nearest the centre).
  const typical = new Map(group.wordings.map((w) => [w, dot(w.vector, group.centroid)]));
  const wordings = [...group.wordings].sort((a, b) => b.items.length - a.items.length || typical.get(b)! - typical.get(a)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const items = wordings.flatMap((w) => w.items);
  const sources: Record<GapSource, number> = { dont_know: 0, out_of_scope: 0, disliked: 0 };
  for (const item of items) sources[item.source]++;
  const newestFirst = [...items].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    label: wordings[0]!.text,
    questions: items.length,
    conversations: new Set(items.map((i) => i.conversationId)).size,
    sources,
    examples: wordings.slice(0, options.maxExamples ?? 5).map((w) => w.text),
    comments: [...new Set(newestFirst.flatMap((i) => (i.comment ? [i.comment] : [])))].slice(0, options.maxComments ?? 5),
    documents: [...new Set(items.flatMap((i) => i.documents ?? []))].sort(),
    lastAt: newestFirst[0]?.at ?? '',
  };
}
