/**
 * The one red-amber-green rating of a compliance figure, used by the digest (its page, text and
 * CSVs) and by `report` alike, so they never disagree. Against the KPI target
 * (`policy.kpi.targetPercent`): green at or above it; amber below it by at most
 * `policy.kpi.nearTargetPoints` points; red further below; n/a when nobody was due.
 */
export type Rag = "green" | "amber" | "red" | "n/a";

/** Green at or above target, amber within `nearTargetPoints` below it, red beyond. */
export function ragFor(compliance: number | null, target: number, nearTargetPoints: number): Rag {
  if (compliance === null) return "n/a";
  if (compliance >= target) return "green";
  if (compliance >= target - nearTargetPoints) return "amber";
  return "red";
}

/** The rating in words, wherever it is shown: never colour alone. */
export const RATING_WORDS: Record<Rag, string> = {
  green: "On target",
  amber: "Near target",
  red: "Below target",
  "n/a": "Nobody due",
};

/** What each rating means with these settings, e.g. "Near target: 85.0% to 89.9%". */
export function ratingBands(
  target: number,
  nearTargetPoints: number,
): { rag: Exclude<Rag, "n/a">; words: string; range: string }[] {
  const floor = Math.max(0, target - nearTargetPoints);
  const below = (n: number) => (Math.round(n * 10) - 1) / 10;
  const bands: { rag: Exclude<Rag, "n/a">; words: string; range: string }[] = [
    { rag: "green", words: RATING_WORDS.green, range: `${target.toFixed(1)}% or more` },
  ];
  if (nearTargetPoints > 0 && target > 0)
    bands.push({
      rag: "amber",
      words: RATING_WORDS.amber,
      range: `${floor.toFixed(1)}% to ${below(target).toFixed(1)}%`,
    });
  if (floor > 0)
    bands.push({ rag: "red", words: RATING_WORDS.red, range: `under ${floor.toFixed(1)}%` });
  return bands;
}
