import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { baselineSource, sdkImportsOf } from "../bench/bundles";

const metafileOf = (paths: string[]) =>
  ({
    inputs: Object.fromEntries(paths.map((p) => [p, { bytes: 1, imports: [] }])),
    outputs: {},
  }) as unknown as Metafile;

describe("the SDK-only baseline a Lambda bundle is measured against", () => {
  it("takes the clients, commands and paginators the function's bundle holds, and nothing else", () => {
    const used = sdkImportsOf(
      metafileOf([
        "node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js",
        "node_modules/@aws-sdk/client-dynamodb/dist-es/commands/QueryCommand.js",
        "node_modules/@aws-sdk/client-dynamodb/dist-es/models/models_0.js",
        "node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js",
        "node_modules/@aws-sdk/lib-dynamodb/dist-es/pagination/QueryPaginator.js",
        "node_modules/@aws-sdk/client-sesv2/dist-es/SESv2Client.js",
        "node_modules/@aws-sdk/client-sesv2/dist-es/commands/SendEmailCommand.js",
        "node_modules/@aws-sdk/core/dist-es/submodules/client/index.js",
        "shared/adapters/ses/ses-email-sender.ts",
      ]),
    );
    expect(Object.fromEntries([...used].map(([pkg, names]) => [pkg, [...names].sort()]))).toEqual({
      "@aws-sdk/client-dynamodb": ["DynamoDBClient", "QueryCommand"],
      "@aws-sdk/lib-dynamodb": ["DynamoDBDocumentClient", "paginateQuery"],
      "@aws-sdk/client-sesv2": ["SESv2Client", "SendEmailCommand"],
    });
    const source = baselineSource(used);
    expect(source).toContain(
      'import { DynamoDBClient as DynamoDBClient_0, QueryCommand as QueryCommand_1 } from "@aws-sdk/client-dynamodb";',
    );
    expect(source).toMatch(/export \{ (\w+_\d+, ){5}\w+_\d+ \};$/);
  });
});
