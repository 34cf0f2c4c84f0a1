import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../../shared/config/app-config";
import { ADMINS_ID, type DeliveryNotice } from "../../../shared/domain/delivery-notices";
import type { StaffMember } from "../../../shared/domain/records";
import { addressRecipientId } from "../../../shared/use-cases/address-hash";
import { sendDeliveryNotices } from "../../../shared/use-cases/delivery-notices";
import { FakeEmailSender } from "../../fakes/fake-email-sender";
import { InMemoryDeliveryLedger } from "../../fakes/in-memory-delivery-ledger";
import { InMemoryEmailLedger } from "../../fakes/in-memory-email-ledger";
import { aPerson } from "../../helpers/people";

// The head of service, who has no manager, and their address bounces.
const head = aPerson({ staffId: "H1", name: "Hal Head", role: "head_of_service" });
const people = new Map<string, StaffMember>([[head.staffId, head]]);
const notice: DeliveryNotice = {
  recipientId: ADMINS_ID,
  about: [
    {
      staffId: "H1",
      bouncedAt: "2024-03-18T07:00:20.000Z",
      notifications: [
        {
          recipientId: ADMINS_ID,
          staffId: "W9",
          kind: "supervision",
          stage: "escalated",
          dueDate: "2024-01-10",
          period: "wk2024-03-18",
          emailKind: "delivery_notice",
          level: 1,
        },
      ],
    },
  ],
};

const send = (importNotifyEmails: string[]) => {
  const deps = {
    ledger: new InMemoryEmailLedger(),
    deliveries: new InMemoryDeliveryLedger(),
    mailer: new FakeEmailSender(),
    config: parseAppConfig(
      { stage: "test", region: "eu-west-2", operations: { importNotifyEmails } },
      "test",
    ),
    nowMs: () => Date.parse("2024-03-19T07:00:00Z"),
    leaseMs: 60_000,
  };
  return {
    deps,
    result: sendDeliveryNotices([notice], people, { date: "2024-03-19", runId: "r" }, deps),
  };
};

describe("a delivery notice about someone with no manager", () => {
  it("goes to each admin, each named in the ledger by a hash of their address", async () => {
    const admins = ["hr-systems@example.gov.uk", "workforce@example.gov.uk"];
    const { deps, result } = send(admins);
    expect(await result).toEqual({ sent: 2, failed: 0, unaddressed: 0, paused: false });
    expect(deps.mailer.delivered.map((d) => d.email.to)).toEqual(admins);
    for (const address of admins) {
      const claim = deps.ledger.claimOf({
        recipientId: addressRecipientId(address),
        emailKind: "delivery_notice",
        runDate: "2024-03-19",
      });
      expect(claim?.status).toBe("sent");
      expect(JSON.stringify(claim)).not.toContain("@");
    }
  });

  it("with no admins configured, counts what nobody could be told", async () => {
    const { deps, result } = send([]);
    expect(await result).toEqual({ sent: 0, failed: 0, unaddressed: 1, paused: false });
    expect(deps.mailer.attempts).toEqual([]);
  });
});
