/**
 * The API report: sigmactl's public surface as consumers see it, i.e. the declarations of
 * `dist/index.d.ts` and `dist/emulator/index.d.ts`, written to etc/sigmactl.api.md so that any
 * change to the surface shows up as a diff in review (api-extractor's idea, in ~150 lines, with
 * the TypeScript compiler API: api-extractor is not a dependency).
 *
 *   npm run api-report            rewrites etc/sigmactl.api.md
 *   tsx scripts/api-report.ts     prints the report (the test compares it with the file)
 *
 * The declarations are emitted in memory from src (same compiler options as the build), so the
 * report never depends on a stale dist/.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Report file, relative to the repository root. */
export const REPORT_PATH = "etc/sigmactl.api.md";
/** Package entry points (export map key → declaration file under dist/). */
const ENTRIES: Array<[string, string]> = [
  ["sigmactl", "index.d.ts"],
  ["sigmactl/emulator", "emulator/index.d.ts"],
];

/** Emits src's declarations in memory; returns them keyed by absolute dist path. */
function emitDeclarations(): Map<string, string> {
  const configPath = join(ROOT, "tsconfig.build.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const options: ts.CompilerOptions = { ...config.options, declaration: true, emitDeclarationOnly: true, noEmit: false, sourceMap: false, declarationMap: false };
  const program = ts.createProgram(config.fileNames, options);
  const out = new Map<string, string>();
  const result = program.emit(undefined, (file, text) => out.set(resolve(file), text));
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" }));
  return out;
}

/** A program over the in-memory declarations (library files and node_modules from disk). */
function declarationProgram(files: Map<string, string>, roots: string[]): ts.Program {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: ["node"], strict: true, noEmit: true, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(resolve(f)) ?? read(f);
  host.fileExists = (f) => files.has(resolve(f)) || exists(f);
  // The emitted tree exists only in memory (no dist/ on a fresh clone): module resolution asks
  // whether its directories exist before looking for files in them.
  const dirs = new Set([...files.keys()].flatMap((f) => {
    const out: string[] = [];
    for (let d = dirname(f); d !== dirname(d); d = dirname(d)) out.push(d);
    return out;
  }));
  const dirExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => dirs.has(resolve(d)) || (dirExists ? dirExists(d) : false);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = files.get(resolve(f));
    return text === undefined ? getSourceFile(f, lang, onError, create) : ts.createSourceFile(f, text, lang, true);
  };
  return ts.createProgram(roots, options, host);
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** One declaration as consumers read it, without doc comments. */
function printDeclaration(node: ts.Node): string {
  const target = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return printer.printNode(ts.EmitHint.Unspecified, target, target.getSourceFile()).trim();
}

/** Names of declarations of ours that an exported declaration mentions without them being exported. */
function unexportedReferences(checker: ts.TypeChecker, node: ts.Node, ours: (f: string) => boolean, exported: Set<ts.Symbol>, into: Map<string, Set<string>>, owner: string): void {
  const visit = (n: ts.Node): void => {
    // `typeof XSchema` (zod-inferred payload types) is how a type is written, not a type users name.
    if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n)) {
      const name = ts.isTypeReferenceNode(n) ? n.typeName : n.expression;
      let sym = checker.getSymbolAtLocation(name);
      if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
      const decl = sym?.declarations?.[0];
      if (sym && decl && ours(decl.getSourceFile().fileName) && !exported.has(sym) && !(sym.flags & ts.SymbolFlags.TypeParameter)) {
        const key = sym.getName();
        if (!into.has(key)) into.set(key, new Set());
        into.get(key)?.add(owner);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Builds the report text. */
export function buildReport(): string {
  const files = emitDeclarations();
  const distRoot = [...files.keys()].find((f) => f.endsWith(`${join("dist", "index.d.ts")}`))?.slice(0, -"index.d.ts".length);
  if (!distRoot) throw new Error("dist/index.d.ts was not emitted");
  const roots = ENTRIES.map(([, file]) => join(distRoot, file));
  const program = declarationProgram(files, roots);
  const checker = program.getTypeChecker();
  const ours = (f: string) => files.has(resolve(f));
  const lines: string[] = [
    "# sigmactl: public API report",
    "",
    "Generated by `npm run api-report` (scripts/api-report.ts) from the declarations the package ships.",
    "Do not edit by hand: a test fails when this file and the code differ, so that a change to the",
    "public surface is a visible diff. Doc comments are left out; see the sources.",
    "",
  ];
  for (const [entry, file] of ENTRIES) {
    const source = program.getSourceFile(join(distRoot, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no module symbol for ${file}`);
    const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.getName().localeCompare(b.getName()));
    const exported = new Set(exports.map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)));
    const missing = new Map<string, Set<string>>();
    lines.push(`## ${entry}`, "", `${exports.length} exports.`, "", "```ts");
    for (const sym of exports) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const alias = target.getName() === sym.getName() ? "" : ` (exported as ${sym.getName()})`;
      const typeOnly = sym.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) ? " (type only)" : "";
      lines.push(`// ${sym.getName()}${alias}${typeOnly}`);
      for (const decl of target.declarations ?? []) {
        lines.push(printDeclaration(decl));
        unexportedReferences(checker, decl, ours, exported, missing, sym.getName());
      }
      lines.push("");
    }
    lines.push("```", "");
    if (missing.size > 0) {
      lines.push("Referenced by the exports above but not exported (reachable as types only; export them or keep them out of public signatures):", "");
      for (const [name, users] of [...missing].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- \`${name}\` (in ${[...users].sort().join(", ")})`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = buildReport();
  if (process.argv.includes("--write")) {
    const target = join(ROOT, REPORT_PATH);
    const before = (() => {
      try {
        return readFileSync(target, "utf8");
      } catch {
        return "";
      }
    })();
    writeFileSync(target, report);
    process.stderr.write(before === report ? `${REPORT_PATH}: unchanged\n` : `${REPORT_PATH}: updated (review the diff)\n`);
  } else process.stdout.write(report);
}
