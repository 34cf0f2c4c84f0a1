import { describe, expect, it } from "vitest";
import { replaySynth, synthesis } from "../helpers/synth";
import { BANK_HOLIDAYS_ENDING_ON, BANK_HOLIDAYS_LISTED_ON } from "../setup/synthesis";

// Prod was synthesised with cdk-nag as of BANK_HOLIDAYS_ENDING_ON, and built once more as of
// BANK_HOLIDAYS_LISTED_ON (test/setup/synthesise-stages.ts). The dates are fixed: nothing here
// changes its answer as the calendar advances.
const { stages, nag, prodWarningsLongBeforeHolidaysEnd } = await synthesis();
const messages = (warnings: { message: string }[]) => warnings.map((w) => w.message);

describe("the bank holiday list running out", () => {
  it("makes synth warn, not fail", () => {
    expect([BANK_HOLIDAYS_ENDING_ON, BANK_HOLIDAYS_LISTED_ON]).toEqual([
      "2028-06-01",
      "2026-01-05",
    ]);
    expect(messages(stages.prod.app.warnings)).toContainEqual(
      expect.stringMatching(/bank holiday list .* ends 2028-12-26/),
    );
    expect(replaySynth(nag.prod)).not.toThrow();
    expect(messages(prodWarningsLongBeforeHolidaysEnd)).not.toContainEqual(
      expect.stringMatching(/bank holiday/),
    );
  });
});
