/** Deterministic pseudo-random numbers in [0, 1) for generated test data (same seed, same data). */
export function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}
