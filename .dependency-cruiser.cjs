/**
 * The layering, checked by `npm test`: every import points inward. Innermost is the pure
 * domain; config describes it; ports are the interfaces the use cases need; adapters implement
 * them; the functions and the CLI compose them. A drift fails the build.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "A cycle makes two modules one; split the shared part out.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "The domain takes dates and records and returns results: it imports only itself.",
      from: { path: "^shared/domain/" },
      to: { path: "^(shared/(?!domain/)|functions/|infra/)" },
    },
    {
      name: "domain-does-no-io",
      severity: "error",
      comment: "The domain takes dates and records: no files, network, processes or randomness.",
      from: { path: "^shared/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "domain-libraries-are-few",
      severity: "error",
      comment:
        "Besides itself, the domain uses only schema validation (zod); its date arithmetic is its own.",
      from: { path: "^shared/(domain|config|ports)/" },
      to: {
        dependencyTypes: [
          "npm",
          "npm-dev",
          "npm-optional",
          "npm-peer",
          "npm-no-pkg",
          "npm-unknown",
        ],
        pathNot: "node_modules/zod/",
      },
    },
    {
      name: "inner-layers-do-no-io",
      severity: "error",
      comment: "Only adapters, the CLI and the functions touch files, the network or processes.",
      from: { path: "^shared/(config|ports|email|reports|import|use-cases)/" },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|fs/.*|net|http|https|http2|dns|dns/.*|child_process|dgram|tls|os|cluster|worker_threads)$",
      },
    },
    {
      name: "no-aws-or-lambda-inside",
      severity: "error",
      comment:
        "AWS clients, Lambda middleware and stand-ins belong to adapters, the functions and the CLI.",
      from: { path: "^shared/(?!adapters/|cli/)" },
      to: {
        path: "node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|@middy|aws-cdk-lib|constructs|dynalite|aws-ses-v2-local|nodemailer|s3rver)/",
      },
    },
    {
      name: "lambdas-carry-no-mime-library",
      severity: "error",
      comment:
        "SES v2 builds each email's MIME: no Lambda reaches a MIME or calendar library, SES v1, or the CLI's .eml writer.",
      from: { path: "^functions/[^/]+/handler\\.ts$" },
      to: {
        reachable: true,
        path: "^shared/adapters/ses/mime\\.ts$|node_modules/(nodemailer|ics|yup|@aws-sdk/client-ses)/",
      },
    },
    {
      name: "config-describes-the-domain",
      severity: "error",
      from: { path: "^shared/config/" },
      to: { path: "^(shared/(?!(config|domain)/)|functions/|infra/)" },
    },
    {
      name: "ports-are-interfaces",
      severity: "error",
      from: { path: "^shared/ports/" },
      to: { path: "^(shared/(?!(ports|domain|config)/)|functions/|infra/)" },
    },
    {
      name: "rendering-takes-view-models",
      severity: "error",
      comment: "Emails and reports render what they are given; they never reach use cases or I/O.",
      from: { path: "^shared/(email|reports)/" },
      to: { path: "^(shared/(use-cases|adapters|cli|demo)/|functions/|infra/)" },
    },
    {
      name: "import-parsing-is-not-io",
      severity: "error",
      from: { path: "^shared/import/" },
      to: { path: "^(shared/(use-cases|adapters|cli|email|reports|demo)/|functions/|infra/)" },
    },
    {
      name: "use-cases-see-ports-not-adapters",
      severity: "error",
      from: { path: "^shared/use-cases/" },
      to: { path: "^(shared/(adapters|cli|demo)/|functions/|infra/)" },
    },
    {
      name: "adapters-implement-ports",
      severity: "error",
      from: { path: "^shared/adapters/" },
      to: { path: "^(shared/(use-cases|cli|email|reports|demo)/|functions/|infra/)" },
    },
    {
      name: "only-the-cli-runs-handlers",
      severity: "error",
      comment:
        "The CLI runs the Lambda handlers locally; nothing else in shared/ reaches functions/.",
      from: { path: "^shared/(?!cli/)" },
      to: { path: "^functions/" },
    },
    {
      name: "shared-never-reaches-infra",
      severity: "error",
      from: { path: "^(shared|functions)/" },
      to: { path: "^infra/" },
    },
    {
      name: "functions-do-not-use-the-cli",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^shared/(cli|demo)/" },
    },
    {
      name: "one-function-does-not-reach-another",
      severity: "error",
      comment: "Each function folder is one Lambda; what they share lives in functions/commons/.",
      from: { path: "^functions/([^/]+)/" },
      to: { path: "^functions/(?!commons/|$1/)" },
    },
    {
      name: "the-stack-reads-config-not-code",
      severity: "error",
      comment:
        "infra/ bundles the functions by path; it imports only config, the domain and the table's key design.",
      from: { path: "^infra/" },
      to: {
        path: "^(shared|functions)/",
        pathNot: "^shared/(config|domain)/|^shared/adapters/dynamodb/table-design\\.ts$",
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // Resolve packages' `exports` maps as Node does, so e.g. `csv-parse/sync` is known.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
