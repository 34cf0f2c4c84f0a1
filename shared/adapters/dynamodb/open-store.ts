import { join } from "node:path";
import { type AppConfig, tableNameFor } from "../../config/app-config";
import { createDocumentClient, createDynamoClient } from "./clients";
import { startEmbeddedDynamoDb } from "./embedded-dynamodb";
import { ensureTable } from "./ensure-table";
import { type TablePorts, tablePorts } from "./table-ports";

export type StoreTarget =
  /** dynalite in this process, persisted under `dataDir` (the default; no AWS account). */
  | { kind: "embedded"; dataDir: string }
  /** Any DynamoDB API at a URL (`DYNAMODB_ENDPOINT`); the table is created if missing. */
  | { kind: "endpoint"; endpoint: string }
  /** The deployed table on AWS, with the default credential chain. */
  | { kind: "aws"; tableName?: string };

export interface OpenStore {
  ports: TablePorts;
  endpoint: string | undefined;
  close(): Promise<void>;
}

/** Where the CLI keeps data unless told otherwise: `DATA_DIR`, default `.data/`. */
export function storeTargetFromEnv(env: NodeJS.ProcessEnv = process.env): StoreTarget {
  if (env.STORE === "aws")
    return { kind: "aws", ...(env.TABLE_NAME ? { tableName: env.TABLE_NAME } : {}) };
  if (env.DYNAMODB_ENDPOINT) return { kind: "endpoint", endpoint: env.DYNAMODB_ENDPOINT };
  return { kind: "embedded", dataDir: env.DATA_DIR ?? ".data" };
}

export async function openStore(
  target: StoreTarget,
  config: AppConfig,
  nowMs: () => number = Date.now,
): Promise<OpenStore> {
  const tableName = (target.kind === "aws" && target.tableName) || tableNameFor(config);
  const embedded =
    target.kind === "embedded"
      ? await startEmbeddedDynamoDb(join(target.dataDir, "dynamodb"))
      : undefined;
  const endpoint = embedded?.endpoint ?? (target.kind === "endpoint" ? target.endpoint : undefined);
  const client = createDynamoClient({ region: config.region, ...(endpoint ? { endpoint } : {}) });
  try {
    if (target.kind !== "aws") await ensureTable(client, tableName);
  } catch (error) {
    client.destroy();
    await embedded?.close();
    throw error;
  }
  const ports = tablePorts({ client: createDocumentClient(client), tableName, config, nowMs });
  return {
    ports,
    endpoint,
    close: async () => {
      client.destroy();
      await embedded?.close();
    },
  };
}
