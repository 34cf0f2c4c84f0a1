import { RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import {
  MONTH_INDEX,
  ROSTER_INDEX,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from "../../shared/adapters/dynamodb/table-design";
import { type AppConfig, tableNameFor } from "../../shared/config/app-config";

export interface DataStackProps extends StackProps {
  readonly config: AppConfig;
}

/**
 * The stateful half: the one table holding staff, history, the email and import ledgers and the
 * digests. It outlives the stack (retained, deletion protection) and can be restored (PITR).
 */
export class DataStack extends Stack {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, "Table", {
      tableName: tableNameFor(props.config),
      partitionKey: key(TABLE_KEYS.partitionKey),
      sortKey: key(TABLE_KEYS.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      globalSecondaryIndexes: [ROSTER_INDEX, MONTH_INDEX].map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
    });
  }
}
