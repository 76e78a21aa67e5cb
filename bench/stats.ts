/** Small statistics for benchmark samples (milliseconds unless said otherwise). */

/** The q-th quantile (0..1) by the nearest-rank method on a copy of the samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  return { n: samples.length, mean: mean(samples), p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99) };
}

/** ours / baseline, or NaN when the baseline is zero or missing. */
export function ratio(ours: number, baseline: number): number {
  return baseline ? ours / baseline : Number.NaN;
}
