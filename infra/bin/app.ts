import { App } from "aws-cdk-lib";
import { InvalidConfigError } from "../../shared/config/app-config";
import { LOCAL_STAGE } from "../../shared/config/stages";
import { buildApp } from "../app";
import { addComplianceChecks } from "../compliance-checks";

const app = new App();
// No stage named: build `local`, which pins no account and refuses to deploy, never prod.
const stage = (app.node.tryGetContext("stage") as string | undefined) ?? LOCAL_STAGE;
try {
  buildApp(app, stage);
} catch (error) {
  if (error instanceof InvalidConfigError) {
    // A readable message and a failed synth, rather than a stack trace.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
addComplianceChecks(app);
app.synth();
