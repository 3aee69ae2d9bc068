// Flat config: typescript-eslint's recommended rules on top of ESLint's, plus the layering of
// decisions/0001 (which src/ entries each folder may import).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Top-level src/ entries each layer may reach with a relative import (its own folder included).
// src/cli and src/index.ts are unrestricted: they sit on top.
// A job reaches its own folder and the layers below it, never another job: what jobs share
// lives in src/shared.
const BELOW_JOBS = ["client", "api", "schemas", "shared", "errors.js", "redact.js"];
const LAYERS = {
  emulator: ["emulator", "api", "schemas", "errors.js", "redact.js"],
  client: ["client", "api", "schemas", "errors.js", "redact.js"],
  // The endpoint catalogue: data shared by the client and the emulator.
  api: ["api", "schemas"],
  materialize: ["materialize", ...BELOW_JOBS],
  extract: ["extract", ...BELOW_JOBS],
  catalog: ["catalog", ...BELOW_JOBS],
  lineage: ["lineage", ...BELOW_JOBS],
  // Run directories, row files, atomic writes, nearest-name suggestions: shared by the jobs.
  shared: ["shared", "errors.js", "redact.js"],
  // The webhook service (issue #10): an orchestrator like src/cli, on top of the jobs; never the emulator or the CLI.
  serve: ["serve", "materialize", "lineage", "extract", "catalog", ...BELOW_JOBS],
  schemas: ["schemas"],
  // The GitHub Action entry runs the built CLI as a child process: it imports nothing of ours.
  action: ["action"],
};
const MAX_DEPTH = 4;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One `files:` block per layer and folder depth: import strings are relative, so the number of
 *  `../` that leaves the layer depends on how deep the importing file sits. */
function layerBlocks() {
  const blocks = [];
  for (const [layer, allow] of Object.entries(LAYERS)) {
    const allowed = allow.map((e) => (e.endsWith(".js") ? `${escape(e)}$` : `${escape(e)}(/|$)`)).join("|");
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      const patterns = [
        {
          regex: `^(\\.\\./){${depth + 1}}(?!${allowed})`,
          message: `decisions/0001: src/${layer} may only import src/{${allow.join(", ")}}.`,
        },
      ];
      if (layer === "schemas") patterns.push({ regex: "^(?!zod$)[^.]", message: "decisions/0001: src/schemas imports only zod." });
      blocks.push({
        files: [`src/${layer}/${"*/".repeat(depth)}*.ts`],
        rules: {
          "no-restricted-imports": ["error", { patterns }],
          // import() is not seen by no-restricted-imports: keep cross-folder imports static.
          "no-restricted-syntax": [
            "error",
            {
              selector: "ImportExpression > Literal[value=/^\\.\\./]",
              message: "decisions/0001: no dynamic import() out of the folder (the layering rule cannot check it).",
            },
            { selector: "ImportExpression[source.type!='Literal']", message: "decisions/0001: import() needs a literal path." },
          ],
        },
      });
    }
  }
  return blocks;
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        Buffer: "readonly",
        fetch: "readonly",
        Request: "readonly",
        Response: "readonly",
        Headers: "readonly",
        FormData: "readonly",
        Blob: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        performance: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        setImmediate: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  ...layerBlocks(),
);
