// Summaries of repeated measurements: median with min and max (issue 7: "the median of several
// runs, with min and max"). Medians resist the odd slow run on a shared 2-core machine.

/** The median of a non-empty list of numbers (mean of the middle two for even counts). */
export function median(samples) {
  const sorted = [...samples].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Nearest-rank percentile (`p` in 0–100) of a non-empty list: the smallest sample with at least
 * p% of the samples at or below it, so the figure is a frame that really happened.
 */
export function percentile(samples, p) {
  const sorted = [...samples].sort((x, y) => x - y);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Rounds to `digits` decimals (figures are reported to 0.1 ms; more would be noise). */
export function round(value, digits = 1) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `{ value (= median), median, min, max, runs, samples }`, rounded for the report. */
export function summarize(samples, digits = 1) {
  if (!samples.length) throw new Error('summarize: no samples');
  const value = round(median(samples), digits);
  return {
    value,
    median: value,
    min: round(Math.min(...samples), digits),
    max: round(Math.max(...samples), digits),
    runs: samples.length,
    samples: samples.map((s) => round(s, digits)),
  };
}
