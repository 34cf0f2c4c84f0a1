export type Rag = "green" | "amber" | "red" | "n/a";

/** Green at or above target, amber within `amberMargin` points below it, red beyond. */
export function ragFor(compliance: number | null, target: number, amberMargin: number): Rag {
  if (compliance === null) return "n/a";
  if (compliance >= target) return "green";
  if (compliance >= target - amberMargin) return "amber";
  return "red";
}
