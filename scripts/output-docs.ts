/** Writes the generated `--json` schema section of docs/output.md (see src/cli/json-schemas-doc.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT_DOCS_BEGIN, OUTPUT_DOCS_END, renderOutputDocs } from "../src/cli/json-schemas-doc.js";

const file = join(import.meta.dirname, "..", "docs", "output.md");
const text = readFileSync(file, "utf8");
const start = text.indexOf(OUTPUT_DOCS_BEGIN);
const end = text.indexOf(OUTPUT_DOCS_END);
const section = renderOutputDocs();
const next =
  start >= 0 && end > start
    ? text.slice(0, start) + section + text.slice(end + OUTPUT_DOCS_END.length)
    : `${text.trimEnd()}\n\n## The \`--json\` documents\n\nEach command's document, as checked by \`test/cli/json-output.test.ts\` against the command's real output (schemas: \`src/cli/json-schemas.ts\`).\n\n${section}\n`;
writeFileSync(file, next);
console.log(`wrote ${file}`);
