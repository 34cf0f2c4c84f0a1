import { SeededRandom } from "../seeded-random";

/**
 * `count` items drawn without replacement, reproducibly from `seed`: the same seed and the
 * same (sorted) candidates always give the same draw, so an auditor can re-run it.
 */
export function seededSample<T>(candidates: readonly T[], count: number, seed: number): T[] {
  const pool = [...candidates];
  const rng = new SeededRandom(seed);
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const [item] = pool.splice(rng.int(0, pool.length - 1), 1);
    picked.push(item as T);
  }
  return picked;
}
