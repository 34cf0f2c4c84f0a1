/**
 * Runs one local stand-in in its own process, for tests that drive the CLI as admins do
 * against a shared DynamoDB or SES: `tsx stand-in-process.ts dynamodb|ses` prints the
 * endpoint on its first line and serves until killed.
 */
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";

const kind = process.argv[2];
const service = kind === "ses" ? await startLocalSes() : await startEmbeddedDynamoDb();
process.stdout.write(`${service.endpoint}\n`);
