import type { BatchWriteItemCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** What the process "died" of: nothing after it is written. */
export class InjectedCrash extends Error {
  override readonly name = "InjectedCrash";
}

const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand"]);

/**
 * Makes a real DynamoDB client die after `budget` item writes, as `kill -9` would: the batch
 * in flight is cut at the budget (the first items land, the rest never do), and every write
 * after that fails, including those of batches already under way concurrently. Reads pass.
 * Returns how many items were written.
 */
export function crashAfterWrites(client: DynamoDBClient, budget: number): () => number {
  let written = 0;
  let dead = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "";
      if (command === "BatchWriteItemCommand") {
        if (dead) throw new InjectedCrash("crashed");
        const input = args.input as BatchWriteItemCommandInput;
        const [table, requests] = Object.entries(input.RequestItems ?? {})[0] ?? [];
        if (!table || !requests) return next(args);
        const room = budget - written;
        if (room >= requests.length) {
          written += requests.length;
          return next(args);
        }
        dead = true;
        if (room > 0) {
          written += room;
          await next({
            ...args,
            input: { ...input, RequestItems: { [table]: requests.slice(0, room) } },
          });
        }
        throw new InjectedCrash(`crashed after ${written} writes`);
      }
      if (WRITES.has(command)) {
        if (dead || written >= budget) {
          dead = true;
          throw new InjectedCrash(`crashed after ${written} writes`);
        }
        written++;
      }
      return next(args);
    },
    { step: "initialize", name: "crashAfterWrites" },
  );
  return () => written;
}
