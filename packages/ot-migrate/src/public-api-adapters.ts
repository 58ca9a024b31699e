import { ts } from '@ts-morph/common';
import type { AdapterName } from './boundary-adapters';
import { BOUNDARY_COMMENT, INBOUND, PUBLIC_API } from './boundary-adapters';
import type { BoundaryState } from './boundary-state';
import { isPlainType } from './declared-types';
import { mentionsOpenTracing, openTracingObject } from './syntax';

// The public API (adapters-plan.ts): a function or constructor that legacy callers hand a tracer
// or span keeps its OpenTracing signature, and its entry converts what comes in, once.

/**
 * A function or constructor other code calls (exported, no caller among the paths): its tracer
 * and span parameters, and the tracer and span fields of its options objects, are converted at
 * the entry. @internal
 */
export function convertPublicEntry(
  state: BoundaryState,
  fn: ts.SignatureDeclaration & { body?: ts.Node },
): void {
  const index = state.host.crossFile?.index;
  if (index === undefined || fn.body === undefined || !ts.isBlock(fn.body)) return;
  const checker = state.host.checker;
  // The question of who calls it is asked only of functions that take OpenTracing objects.
  const takesOpenTracing = fn.parameters.some((parameter) => {
    if (parameter.type === undefined) return false;
    const type = checker.getTypeAtLocation(parameter.type);
    // The object itself, or an options object with one in a field.
    return (
      mentionsOpenTracing(checker, type) ||
      type
        .getProperties()
        .some(
          (property) =>
            openTracingObject(checker, checker.getTypeOfSymbolAtLocation(property, parameter)) !==
            undefined,
        )
    );
  });
  if (!takesOpenTracing) return;
  const users = index.functionUsers(fn);
  if (!('hard' in users) || !PUBLIC_API.test(users.hard)) return;
  for (const parameter of fn.parameters) {
    if (!ts.isIdentifier(parameter.name) || parameter.type === undefined) continue;
    // A default value is OpenTracing code of the signature itself.
    if (ts.isParameterPropertyDeclaration(parameter, parameter.parent) || parameter.initializer)
      continue;
    if (isConverted(state, parameter)) continue;
    const type = checker.getTypeAtLocation(parameter.name);
    const kind = openTracingObject(checker, type);
    const adapter = kind === undefined ? undefined : INBOUND[kind];
    if (adapter !== undefined && isPlainType(parameter.type, true)) {
      convertParameter(state, fn.body, parameter, parameter.name, adapter);
      state.markPublic(fn);
    } else if (kind === undefined) {
      convertFields(state, fn.body, parameter, parameter.name);
    }
  }
}

/** Whether a parameter is already converted (a kept adapter takes it). */
function isConverted(state: BoundaryState, parameter: ts.ParameterDeclaration): boolean {
  return [...state.accepted].some(
    (call) =>
      ts.isCallExpression(call) &&
      call.arguments.some(
        (argument) =>
          state.host.checker.getSymbolAtLocation(argument)?.valueDeclaration === parameter,
      ),
  );
}

/** `tracer: Tracer` → `legacyTracer: Tracer`, and `const tracer = otelTracerFrom(legacyTracer);` first. */
function convertParameter(
  state: BoundaryState,
  body: ts.Block,
  parameter: ts.ParameterDeclaration,
  name: ts.Identifier,
  adapter: AdapterName,
): void {
  const sourceFile = state.host.sourceFile;
  const legacy = parameterName(state, parameter.parent, name.text);
  if (!state.host.addEdit(name.getStart(sourceFile), name.end, legacy)) return;
  state.keepTypes(parameter.type as ts.TypeNode, true);
  const first = body.statements[0];
  const at = first === undefined ? body.end - 1 : first.getStart(sourceFile, true);
  const indent = first === undefined ? '  ' : lineIndentOf(sourceFile, at);
  // A parameter that may be missing stays missing: no parent, as before.
  const optional = parameter.questionToken !== undefined || ts.isUnionTypeNode(parameter.type!);
  const value = `${optional ? `${legacy} && ` : ''}${state.adapterName(adapter)}(${legacy})`;
  const text = `const ${name.text} = ${value}; ${BOUNDARY_COMMENT}\n${indent}`;
  state.host.addEdit(at, at, first === undefined ? `\n${indent}${text}` : text);
  state.accepted.add(parameter);
  state.written++;
}

/** `options.tracer` read in the body, `options` typed by an interface of this file. */
function convertFields(
  state: BoundaryState,
  body: ts.Block,
  parameter: ts.ParameterDeclaration,
  name: ts.Identifier,
): void {
  const checker = state.host.checker;
  const symbol = checker.getSymbolAtLocation(name);
  const reads: {
    access: ts.PropertyAccessExpression;
    adapter: AdapterName;
    field: ts.PropertySignature;
  }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      checker.getSymbolAtLocation(node.expression) === symbol
    ) {
      const field = checker.getSymbolAtLocation(node.name)?.valueDeclaration;
      const kind = openTracingObject(checker, checker.getTypeAtLocation(node));
      const adapter = kind === undefined ? undefined : INBOUND[kind];
      if (
        adapter !== undefined &&
        !state.accepts(node) &&
        field !== undefined &&
        ts.isPropertySignature(field) &&
        field.type !== undefined &&
        field.questionToken === undefined &&
        isPlainType(field.type, false) &&
        field.getSourceFile() === state.host.sourceFile
      )
        reads.push({ access: node, adapter, field });
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  for (const { access, adapter, field } of reads) {
    if (!state.wrap(access, adapter)) continue;
    state.keepTypes(field.type as ts.TypeNode, true);
    state.markPublic(parameter.parent);
  }
}

/**
 * `legacyTracer` for `tracer`: a name no identifier of the file has, nor another parameter of
 * the function (the planner's made-up names do not start with `legacy`).
 */
function parameterName(state: BoundaryState, fn: ts.Node, base: string): string {
  if (state.fileNames === undefined) {
    const names = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) names.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(state.host.sourceFile);
    state.fileNames = names;
  }
  const taken = state.parameterNames.get(fn) ?? new Set<string>();
  state.parameterNames.set(fn, taken);
  const legacy = `legacy${base[0].toUpperCase()}${base.slice(1)}`;
  let name = legacy;
  for (let n = 2; state.fileNames.has(name) || taken.has(name); n++) name = `${legacy}${n}`;
  taken.add(name);
  return name;
}

/** The indentation of the line a position is on, up to the position. */
function lineIndentOf(sourceFile: ts.SourceFile, position: number): string {
  const line = sourceFile.getLineAndCharacterOfPosition(position).line;
  const start = sourceFile.getLineStarts()[line];
  return /^[^\S\r\n]*/.exec(sourceFile.text.slice(start, position))?.[0] ?? '';
}
