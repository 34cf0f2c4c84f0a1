import { describe, expect, it } from "vitest";
import {
  ADMINS_ID,
  type BouncingRecipient,
  planDeliveryNotices,
} from "../../shared/domain/delivery-notices";
import type { StaffMember } from "../../shared/domain/records";
import type { Notification, ReminderPlan } from "../../shared/domain/reminder-plan";
import { aPerson } from "../helpers/people";

// A social worker W1 supervised by S1, whose manager is M1, whose manager is D1.
const people = new Map<string, StaffMember>(
  [
    aPerson({ staffId: "W1", supervisorId: "S1" }),
    aPerson({ staffId: "S1", role: "team_manager", supervisorId: "M1" }),
    aPerson({ staffId: "M1", role: "service_manager", supervisorId: "D1" }),
    aPerson({ staffId: "D1", role: "head_of_service" }),
  ].map((p) => [p.staffId, p]),
);
const MONDAY = "2024-03-18";
const note: Notification = {
  recipientId: "S1",
  staffId: "W1",
  kind: "supervision",
  stage: "overdue",
  dueDate: "2024-03-01",
  period: "wk2024-03-18",
  emailKind: "reminder",
  level: 0,
};
const plan: ReminderPlan = {
  week: { start: MONDAY, summaryDay: MONDAY, nextSummaryDay: "2024-03-25" },
  emails: [
    { emailKind: "reminder", recipientId: "S1", frequency: "weekly", notifications: [note] },
  ],
  undeliverable: [],
};
const bounce = (recipientId: string, noticeOn?: string): [string, BouncingRecipient] => [
  recipientId,
  { recipientId, bouncedAt: "2024-03-14T09:00:00.000Z", ...(noticeOn ? { noticeOn } : {}) },
];

describe("who is told that reminders to someone are not arriving", () => {
  it("their manager, with what they were to be told, re-addressed so theirs stay untold", () => {
    const [notice] = planDeliveryNotices(plan, new Map([bounce("S1")]), people, "2024-03-19");
    expect(notice?.recipientId).toBe("M1");
    expect(notice?.about).toEqual([
      {
        staffId: "S1",
        bouncedAt: "2024-03-14T09:00:00.000Z",
        notifications: [{ ...note, recipientId: "M1", emailKind: "delivery_notice" }],
      },
    ]);
  });

  it("the next manager up whose address does not bounce too, else the admins", () => {
    const twoBouncing = new Map([bounce("S1"), bounce("M1")]);
    expect(planDeliveryNotices(plan, twoBouncing, people, "2024-03-19")[0]?.recipientId).toBe("D1");
    const allBouncing = new Map([bounce("S1"), bounce("M1"), bounce("D1")]);
    expect(planDeliveryNotices(plan, allBouncing, people, "2024-03-19")[0]?.recipientId).toBe(
      ADMINS_ID,
    );
  });

  it("once after the bounce, then on summary days only, never twice a day", () => {
    const told = (noticeOn: string, day: string) =>
      planDeliveryNotices(plan, new Map([bounce("S1", noticeOn)]), people, day).length;
    expect(told("2024-03-15", "2024-03-19")).toBe(0); // told on Friday; Tuesday is no summary day
    expect(told("2024-03-15", MONDAY)).toBe(1); // the summary day
    expect(told(MONDAY, MONDAY)).toBe(0); // already told today
    expect(told("2024-03-13", "2024-03-19")).toBe(1); // told before this bounce: a new one
  });

  it("nobody, when the person has nothing open to be told", () => {
    const quiet: ReminderPlan = { ...plan, emails: [] };
    expect(planDeliveryNotices(quiet, new Map([bounce("S1")]), people, MONDAY)).toEqual([]);
  });
});
