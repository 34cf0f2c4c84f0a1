import { randomInt } from "node:crypto";

/** An unpredictable audit-draw seed: a manager cannot foresee which file will be drawn. */
export function cryptoSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}
