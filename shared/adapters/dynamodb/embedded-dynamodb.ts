import { mkdirSync } from "node:fs";
import dynalite from "dynalite";
import { type LoopbackService, loopbackService } from "../loopback-server";

export type EmbeddedDynamoDb = LoopbackService;

/**
 * Starts dynalite, a DynamoDB implementation in Node, on a free loopback port: on disk under
 * `path` when given (LevelDB), in memory otherwise. Only one process may hold a path at once.
 */
export async function startEmbeddedDynamoDb(path?: string): Promise<EmbeddedDynamoDb> {
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({
    ...(path ? { path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return loopbackService(server);
}
