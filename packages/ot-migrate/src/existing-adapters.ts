import { ts } from '@ts-morph/common';
import {
  ADAPTERS,
  BOUNDARY_MARK,
  BRIDGE,
  INBOUND_NAMES,
  hasBoundaryMarks,
} from './boundary-adapters';
import type { BoundaryState } from './boundary-state';
import { argumentOf, optionsCallOf } from './call-arguments';
import { importConversion, importMovesToo, removeImportConversion } from './import-conversion';
import { calledName } from './syntax';

// The adapters already there, written by an earlier run (adapters-plan.ts): each stays, or goes
// where the other side of its crossing moves with the file now, with its comment when it was the
// last of its line and with its import when it was the last use.

/**
 * Before the planner's checks: the adapters an earlier run wrote in the file, kept (their
 * arguments taken care of) or removed. @internal
 */
export function planExistingAdapters(state: BoundaryState): void {
  const sourceFile = state.host.sourceFile;
  if (!hasBoundaryMarks(sourceFile)) return;
  const lines = sourceFile.text.split(/\r\n?|\n/);
  const removed = new Map<number, number>();
  const perLine = new Map<number, number>();
  const removedNames = new Map<string, number>();
  const uses = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    const name = ts.isCallExpression(node) ? adapterName(node) : undefined;
    if (name !== undefined && ts.isCallExpression(node)) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const imported =
        name === 'otelTracerFrom' ? importConversion(state.host.checker, node) : undefined;
      if (imported !== undefined && BOUNDARY_MARK.test(lines[line])) {
        uses.set(name, (uses.get(name) ?? 0) + 1);
        if (importMovesToo(state, imported.specifier)) {
          removeImportConversion(state, imported);
          removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
        } else {
          state.accepted.add(node);
        }
      } else if (
        BOUNDARY_MARK.test(lines[line]) ||
        (line > 0 && BOUNDARY_MARK.test(lines[line - 1]))
      ) {
        uses.set(name, (uses.get(name) ?? 0) + 1);
        perLine.set(line, (perLine.get(line) ?? 0) + 1);
        const unwrapped = removable(state, node, name) ? 'call' : unwrapEntry(state, node, name);
        if (unwrapped === 'call') {
          state.host.addEdit(...removal(state, node));
          state.accepted.add(node);
          removed.set(line, (removed.get(line) ?? 0) + 1);
          removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
        } else if (unwrapped === 'line') {
          removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
        } else {
          keep(state, node, name);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  // The comment goes with the last adapter of its line.
  for (const [line, count] of removed) {
    if (count !== perLine.get(line)) continue;
    const start = sourceFile.getLineStarts()[line];
    const text = lines[line];
    const mark = /[^\S\r\n]*\/\/\s*ot-migrate:\s*boundary\b.*$/.exec(text);
    if (mark !== null) state.host.addEdit(start + mark.index, start + text.length, '');
  }
  const gone = [...removedNames].filter(([name, count]) => uses.get(name) === count);
  if (gone.length > 0) removeImports(state, new Set(gone.map(([name]) => name)));
}

/** The adapter a call calls, if it calls one of the bridge's. */
function adapterName(call: ts.CallExpression): string | undefined {
  const name = calledName(call);
  return ADAPTERS.has(name) ? name : undefined;
}

/** An outbound adapter whose callee is code of the rewrite: it moves with this file, or this file does not move. */
function removable(state: BoundaryState, call: ts.CallExpression, name: string): boolean {
  if (call.arguments.length !== 1) return false;
  const [argument] = call.arguments;
  const index = state.host.crossFile?.index;
  if (index === undefined) return false;
  // The other side: the call the adapter's value goes to, or the call or field it converts.
  const outbound =
    name === 'legacySpanFrom' || name === 'legacySpanContextFrom' || name === 'legacyTracerFrom';
  const outer = outbound ? (argumentOf(call) ?? optionsCallOf(call)) : undefined;
  const other =
    outer !== undefined
      ? index.callTarget(outer)
      : !outbound && ts.isCallExpression(argument)
        ? index.callTarget(argument)
        : !outbound && ts.isPropertyAccessExpression(argument)
          ? index.propertySource(argument)
          : undefined;
  if (other === undefined) return false;
  // A side that stays OpenTracing keeps its adapter; one that moves moves with this file.
  const target = index.towardsLegacy(other, state.host.sourceFile.fileName, '');
  if (!('peers' in target) || target.peers.length === 0) return false;
  state.host.crossFile?.peer(call, target.peers);
  return true;
}

/** The text that replaces a removed adapter: its argument (`(x && otelSpanFrom(x))` → `x`). */
function removal(state: BoundaryState, call: ts.CallExpression): [number, number, string] {
  const sourceFile = state.host.sourceFile;
  const argument = call.arguments[0].getText(sourceFile);
  const guard = call.parent;
  const outer = guard.parent;
  if (
    ts.isBinaryExpression(guard) &&
    guard.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
    guard.right === call &&
    guard.left.getText(sourceFile) === argument &&
    ts.isParenthesizedExpression(outer)
  )
    return [outer.getStart(sourceFile), outer.end, argument];
  return [call.getStart(sourceFile), call.end, argument];
}

/**
 * The entry adapter of a function whose callers are among the paths and move with this file (an
 * earlier run wrote it while they stayed OpenTracing): it goes, and the parameter gets its name
 * back and OpenTelemetry's type (`legacySpan: LegacySpan` and `const span =
 * otelSpanFrom(legacySpan)` → `span: Span`): `line`, the converting statement gone. False when
 * the adapter stays (a field of an options object's stays too: the file is held back instead).
 */
function unwrapEntry(state: BoundaryState, call: ts.CallExpression, name: string): 'line' | false {
  const index = state.host.crossFile?.index;
  const [argument] = call.arguments;
  if (index === undefined || argument === undefined || !(name in INBOUND_NAMES)) return false;
  const checker = state.host.checker;
  const sourceFile = state.host.sourceFile;
  const declaration = checker.getSymbolAtLocation(
    ts.isPropertyAccessExpression(argument) ? argument.name : argument,
  )?.valueDeclaration;
  const owner = ts.isPropertyAccessExpression(argument)
    ? checker.getSymbolAtLocation(argument.expression)?.valueDeclaration
    : declaration;
  if (
    declaration === undefined ||
    declaration.getSourceFile() !== sourceFile ||
    owner === undefined ||
    !ts.isParameter(owner) ||
    !ts.isFunctionLike(owner.parent)
  )
    return false;
  const users = index.functionUsers(owner.parent);
  if (!('peers' in users) || users.peers.length === 0) return false;
  // A field of an options object: its interface may serve functions that keep their adapters.
  if (ts.isPropertyAccessExpression(argument)) return false;
  state.host.crossFile?.peer(call, users.peers);
  // `const span = otelSpanFrom(legacySpan);` or `const parent = legacyParent && otelSpanFrom(legacyParent);`
  const guard = call.parent;
  const value =
    ts.isBinaryExpression(guard) && guard.right === call && ts.isIdentifier(guard.left)
      ? guard
      : call;
  const variable = value.parent;
  const statement = variable.parent?.parent;
  if (
    !ts.isParameter(declaration) ||
    !ts.isIdentifier(declaration.name) ||
    !ts.isVariableDeclaration(variable) ||
    variable.initializer !== value ||
    !ts.isIdentifier(variable.name) ||
    statement === undefined ||
    !ts.isVariableStatement(statement) ||
    statement.declarationList.declarations.length !== 1
  )
    return false;
  // The legacy parameter must serve the adapter alone.
  const parameter = checker.getSymbolAtLocation(declaration.name);
  let others = 0;
  const count = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== declaration.name &&
      checker.getSymbolAtLocation(node) === parameter &&
      !(node.pos >= value.pos && node.end <= value.end)
    )
      others++;
    ts.forEachChild(node, count);
  };
  count(owner.parent);
  if (others > 0) return false;
  // The statement goes with its comment, and with its line when it has one of its own.
  const text = sourceFile.text;
  const statementStart = statement.getStart(sourceFile);
  const lineStart =
    sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(statementStart).line];
  const newline = text.indexOf('\n', statement.end);
  const lineEnd = newline === -1 ? text.length : newline;
  if (
    !/^[^\S\r\n]*(\/\/\s*ot-migrate:\s*boundary\b[^\r\n]*)?\r?$/.test(
      text.slice(statement.end, lineEnd),
    )
  )
    return false;
  const start = /^[^\S\r\n]*$/.test(text.slice(lineStart, statementStart))
    ? lineStart
    : statementStart;
  if (
    !state.host.addEdit(start, newline === -1 ? lineEnd : newline + 1, '') ||
    !state.host.addEdit(
      declaration.name.getStart(sourceFile),
      declaration.name.end,
      variable.name.text,
    )
  )
    return false;
  state.accepted.add(statement);
  state.accepted.add(declaration);
  return 'line';
}

/** An adapter that stays: its argument is taken care of, and a public API's types are kept. */
function keep(state: BoundaryState, call: ts.CallExpression, name: string): void {
  state.accepted.add(call);
  // `(x && otelSpanFrom(x))`: the guard's `x` is the adapter's too.
  const [start] = removal(state, call);
  if (start !== call.getStart(state.host.sourceFile)) state.accepted.add(call.parent.parent);
  const [argument] = call.arguments;
  // Only what comes in may be a public API's parameter (`legacySpanFrom(span)` hands one on).
  if (argument === undefined || !(name in INBOUND_NAMES)) return;
  const checker = state.host.checker;
  const symbol = checker.getSymbolAtLocation(
    ts.isPropertyAccessExpression(argument) ? argument.name : argument,
  );
  const declaration = symbol?.valueDeclaration;
  if (declaration === undefined || declaration.getSourceFile() !== state.host.sourceFile) return;
  if (
    (ts.isParameter(declaration) || ts.isPropertySignature(declaration)) &&
    declaration.type !== undefined
  ) {
    state.keepTypes(declaration.type, false);
    if (ts.isParameter(declaration)) state.accepted.add(declaration);
    const owner = ts.isPropertyAccessExpression(argument)
      ? checker.getSymbolAtLocation(argument.expression)?.valueDeclaration
      : declaration;
    if (owner === undefined || !ts.isParameter(owner)) return;
    state.markPublic(owner.parent);
    // Callers among the paths would be rewritten to hand it OpenTelemetry objects.
    const users = state.host.crossFile?.index.functionUsers(owner.parent);
    if (users !== undefined && 'peers' in users && users.peers.length > 0) {
      state.host.block(
        call,
        'a boundary adapter of a public API whose callers are among the paths now: remove it and give the parameter the OpenTelemetry type by hand, or leave the callers out',
      );
    }
  }
}

/** Removes adapters no longer used from the import of the bridge. */
function removeImports(state: BoundaryState, names: ReadonlySet<string>): void {
  const sourceFile = state.host.sourceFile;
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      statement.moduleSpecifier.text !== BRIDGE
    )
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    const left = bindings.elements.filter(
      (element) => !names.has((element.propertyName ?? element.name).text),
    );
    if (left.length === bindings.elements.length) continue;
    if (left.length === 0 && statement.importClause?.name === undefined) {
      const start = statement.getStart(sourceFile);
      const newline = sourceFile.text.indexOf('\n', statement.end);
      state.host.addEdit(start, newline === -1 ? statement.end : newline + 1, '');
    } else {
      state.host.addEdit(
        bindings.getStart(sourceFile),
        bindings.end,
        `{ ${left.map((element) => element.getText(sourceFile)).join(', ')} }`,
      );
    }
  }
}
