import { type DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";
import { IMPORT_PK } from "../../shared/adapters/dynamodb/table-design";

/**
 * Every data item in the table, sorted: tests compare the whole table before and after. The
 * imports' own bookkeeping (lock, journal, audit trail: ids and times differ by run) is left
 * out unless asked for. Tests only.
 */
export async function tableContents(
  client: DynamoDBDocumentClient,
  tableName: string,
  { withImportBookkeeping = false } = {},
) {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName })) {
    items.push(
      ...((page.Items ?? []) as Record<string, unknown>[]).filter(
        (item) => withImportBookkeeping || item.pk !== IMPORT_PK,
      ),
    );
  }
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}
