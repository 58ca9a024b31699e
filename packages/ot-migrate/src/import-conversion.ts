import { ts } from '@ts-morph/common';
import { BOUNDARY_COMMENT } from './boundary-adapters';
import type { BoundaryState } from './boundary-state';

// A tracer imported from code that stays OpenTracing, converted once after the imports (a boundary
// adapter, adapters-plan.ts): written where the file moves and its tracer's module does not, and
// removed by a later run once that module moves too.

/**
 * `import { tracer } from './tracing'` → `import { tracer as legacyTracer } from './tracing'`,
 * and `const tracer = otelTracerFrom(legacyTracer);` after the imports: every use in the file
 * gets the OpenTelemetry tracer. Only for a `const` the other module exports (a tracer that
 * does not change). @internal
 */
export function convertImport(state: BoundaryState, use: ts.Identifier): boolean {
  const checker = state.host.checker;
  const specifier = checker.getSymbolAtLocation(use)?.declarations?.[0];
  if (specifier === undefined || !ts.isImportSpecifier(specifier)) return false;
  if (specifier.isTypeOnly || specifier.parent.parent.isTypeOnly) return false;
  if (!state.importedTracers.has(specifier)) {
    const target = checker.getImmediateAliasedSymbol(checker.getSymbolAtLocation(specifier.name)!);
    const declaration = target?.valueDeclaration;
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0
    )
      return false;
    const sourceFile = state.host.sourceFile;
    const local = specifier.name.text;
    const legacy = state.host.freshName(`legacy${local[0].toUpperCase()}${local.slice(1)}`);
    const imported = (specifier.propertyName ?? specifier.name).getText(sourceFile);
    if (
      !state.host.addEdit(specifier.getStart(sourceFile), specifier.end, `${imported} as ${legacy}`)
    )
      return false;
    state.importedTracers.set(
      specifier,
      `const ${local} = ${state.adapterName('otelTracerFrom')}(${legacy}); ${BOUNDARY_COMMENT}\n`,
    );
    state.written++;
  }
  state.accepted.add(use);
  return true;
}

/** A tracer imported from code that stayed OpenTracing, converted once after the imports. @internal */
export interface ImportConversion {
  statement: ts.VariableStatement;
  specifier: ts.ImportSpecifier;
  /** The name the file uses: `tracer` in `const tracer = otelTracerFrom(legacyTracer)`. */
  local: string;
}

/**
 * `const tracer = otelTracerFrom(legacyTracer);` at the top of a file, `legacyTracer` imported.
 * @internal
 */
export function importConversion(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ImportConversion | undefined {
  const [argument] = call.arguments;
  const declaration = call.parent;
  if (
    argument === undefined ||
    !ts.isIdentifier(argument) ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== call ||
    !ts.isIdentifier(declaration.name)
  )
    return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) return undefined;
  const specifier = checker.getSymbolAtLocation(argument)?.declarations?.[0];
  if (specifier === undefined || !ts.isImportSpecifier(specifier)) return undefined;
  return { statement, specifier, local: declaration.name.text };
}

/**
 * Whether the file an imported tracer comes from moves with this one now (it is among the paths
 * and does not stay OpenTracing): the conversion goes, and the two files move together. @internal
 */
export function importMovesToo(state: BoundaryState, specifier: ts.ImportSpecifier): boolean {
  const index = state.host.crossFile?.index;
  if (index === undefined) return false;
  const target = index.target(state.host.checker.getSymbolAtLocation(specifier.name));
  const file = (target?.valueDeclaration ?? target?.declarations?.[0])?.getSourceFile().fileName;
  if (file === undefined || !index.isSource(file) || index.staysLegacy(file)) return false;
  state.host.crossFile?.peer(specifier.name, [file]);
  return true;
}

/**
 * `const tracer = otelTracerFrom(legacyTracer);` goes, and the import gives `tracer` again.
 * @internal
 */
export function removeImportConversion(
  state: BoundaryState,
  { statement, specifier, local }: ImportConversion,
): void {
  const sourceFile = state.host.sourceFile;
  const imported = (specifier.propertyName ?? specifier.name).getText(sourceFile);
  state.host.addEdit(
    specifier.getStart(sourceFile),
    specifier.end,
    imported === local ? local : `${imported} as ${local}`,
  );
  const start = statement.getStart(sourceFile);
  const lineStart =
    sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(start).line];
  const newline = sourceFile.text.indexOf('\n', statement.end);
  state.host.addEdit(lineStart, newline === -1 ? sourceFile.text.length : newline + 1, '');
  state.accepted.add(statement);
}
