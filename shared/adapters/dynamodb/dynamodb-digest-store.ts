import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { IsoMonth } from "../../domain/dates";
import type { Digest } from "../../domain/digest/digest-model";
import type { DigestStore } from "../../ports/digest-store";
import { digestKey } from "./table-design";

/** One item per month, `DIGEST#<yyyy-mm>` / `SUMMARY`: the snapshot the digest was built from. */
export class DynamoDbDigestStore implements DigestStore {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async load(month: IsoMonth): Promise<Digest | undefined> {
    const out = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: digestKey(month),
        ConsistentRead: true,
      }),
    );
    return out.Item?.digest as Digest | undefined;
  }

  async save(digest: Digest, computedAt: string): Promise<void> {
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...digestKey(digest.month), kind: "digest", computedAt, digest },
      }),
    );
  }
}
