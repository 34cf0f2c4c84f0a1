import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AppConfig } from "../../config/app-config";
import type { DeliveryLedger } from "../../ports/delivery-ledger";
import type { DigestStore } from "../../ports/digest-store";
import type { EmailLedger } from "../../ports/email-ledger";
import type { ImportLedger } from "../../ports/import-ledger";
import type { SupervisionStore } from "../../ports/supervision-store";
import { DynamoDbDeliveryLedger } from "./dynamodb-delivery-ledger";
import { DynamoDbDigestStore } from "./dynamodb-digest-store";
import { DynamoDbEmailLedger } from "./dynamodb-email-ledger";
import { DynamoDbImportLedger } from "./dynamodb-import-ledger";
import { DynamoDbSupervisionStore } from "./dynamodb-supervision-store";

/** Every port the single table serves. */
export interface TablePorts {
  store: SupervisionStore;
  ledger: EmailLedger;
  deliveries: DeliveryLedger;
  digests: DigestStore;
  imports: ImportLedger;
}

/**
 * The table's ports, built one way for every entry point (each Lambda and the CLI), so a
 * retention or clock setting cannot differ between the job and an admin's command.
 */
export function tablePorts(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  config: AppConfig;
  /** The clock retention is judged by; the wall clock unless the CLI acts as another day. */
  nowMs?: () => number;
}): TablePorts {
  const { client, tableName, config } = options;
  const retentionDays = config.reminders.ledgerRetentionDays;
  return {
    store: new DynamoDbSupervisionStore({
      client,
      tableName,
      keepAfterLeavingDays: config.operations.keepAfterLeavingDays,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
    }),
    ledger: new DynamoDbEmailLedger({ client, tableName, retentionDays }),
    deliveries: new DynamoDbDeliveryLedger({ client, tableName, retentionDays }),
    digests: new DynamoDbDigestStore({ client, tableName }),
    imports: new DynamoDbImportLedger({ client, tableName, retentionDays }),
  };
}
