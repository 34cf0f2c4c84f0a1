import { type DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";

/** Every item in the table, sorted: tests compare the whole table before and after. Tests only. */
export async function tableContents(client: DynamoDBDocumentClient, tableName: string) {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName })) {
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  }
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}
