// Validates a Teams app manifest against Microsoft's official JSON schema for its manifestVersion, as bundled offline
// in npm @microsoft/app-manifest (draft-04 schemas, hence ajv-draft-04). Argument: the manifest.json path.
// Prints {"version", "errors": [...]} and exits non-zero when the manifest is invalid.
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const manifest = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const version = manifest.manifestVersion;
const schemaFile = path.join(path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
  "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json");
if (!fs.existsSync(schemaFile)) {
  process.stdout.write(JSON.stringify({ version, errors: [`no bundled schema for manifestVersion ${version}`] }));
  process.exit(1);
}
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
const ok = validate(manifest);
const errors = ok ? [] : validate.errors.map(e => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
process.stdout.write(JSON.stringify({ version, errors }));
process.exitCode = ok ? 0 : 1;
