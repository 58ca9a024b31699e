// `globalTracer()` and `initGlobalTracer(tracer)`.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { quote } from '../source-text';
import { spanDeclaration } from '../syntax';

/** `initGlobalTracer(tracer)`: the OpenTelemetry SDK set-up takes its place. */
export function planInitGlobalTracer(plan: FilePlanning, usage: Usage): void {
  plan.block(
    usage.node,
    'set up the OpenTelemetry SDK instead (MIGRATION.md, step 1) and remove this call',
  );
}

/**
 * `globalTracer()`: `trace.getTracer(<the package's name>)`. One that initialises a `const` of its
 * own waits for the file's other usages (see planTracerDeclarations).
 */
export function planGlobalTracer(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  if (ownConstant(call) !== undefined) {
    plan.tracerDeclarations.push(call);
    return;
  }
  plan.replace(call, `${plan.use('trace')}.getTracer(${quote(plan.tracerName)})`);
}

/**
 * `const tracer = globalTracer()`, once the other usages are planned: a tracer only used to inject
 * and extract (which become `propagation.inject`/`extract`) is left with no use, which
 * `noUnusedLocals` and linters reject, so its declaration goes; any other becomes
 * `trace.getTracer(…)`.
 */
export function planTracerDeclarations(plan: FilePlanning): void {
  for (const call of plan.tracerDeclarations) {
    const statement = ownConstant(call);
    if (statement !== undefined && !isUsed(plan, call)) {
      const sourceFile = plan.sourceFile;
      const start = statement.getStart(sourceFile);
      const lineStart =
        sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(start).line];
      const newline = sourceFile.text.indexOf('\n', statement.end);
      // A comment about it would be left alone: then the declaration stays too.
      const ownLine =
        ts.getLeadingCommentRanges(sourceFile.text, statement.pos) === undefined &&
        /^[^\S\r\n]*$/.test(sourceFile.text.slice(lineStart, start)) &&
        /^[^\S\r\n]*\r?$/.test(
          sourceFile.text.slice(statement.end, newline === -1 ? undefined : newline),
        );
      if (ownLine) {
        plan.replaceRange(
          lineStart,
          newline === -1 ? sourceFile.text.length : newline + 1,
          '',
          call,
        );
        continue;
      }
    }
    plan.replace(call, `${plan.use('trace')}.getTracer(${quote(plan.tracerName)})`);
  }
}

/** The statement of `const tracer = globalTracer();` (one declaration, not exported), if it is one. */
function ownConstant(call: ts.CallExpression): ts.VariableStatement | undefined {
  const statement = spanDeclaration(call)?.statement;
  if (statement === undefined || (statement.declarationList.flags & ts.NodeFlags.Const) === 0)
    return undefined;
  const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return exported ? undefined : statement;
}

/** Whether the tracer a declaration holds is used other than in calls the rewrite replaces whole. */
function isUsed(plan: FilePlanning, call: ts.CallExpression): boolean {
  const declaration = call.parent as ts.VariableDeclaration;
  const symbol = plan.checker.getSymbolAtLocation(declaration.name);
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    // `{ tracer }`: the name stands for the property there, and reads the variable.
    if (ts.isShorthandPropertyAssignment(node) && node.name.text === symbol?.getName()) {
      if (plan.checker.getShorthandAssignmentValueSymbol(node) === symbol) used = true;
      return;
    }
    if (
      ts.isIdentifier(node) &&
      node !== declaration.name &&
      plan.checker.getSymbolAtLocation(node) === symbol
    ) {
      const access = node.parent;
      const replaced =
        ts.isPropertyAccessExpression(access) &&
        access.expression === node &&
        ts.isCallExpression(access.parent) &&
        plan.edits.covers(access.parent.getStart(plan.sourceFile), access.parent.end);
      if (!replaced) used = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(plan.sourceFile);
  return used;
}
