import { ts } from '@ts-morph/common';
import type { Usage } from './usages';
import { isOpenTracingType } from './usages';

// Questions about TypeScript syntax and types that the rewrite planner asks.

export function withoutUndefinedFallback(value: ts.Expression): ts.Expression {
  let core = value;
  while (ts.isParenthesizedExpression(core)) core = core.expression;
  if (
    ts.isBinaryExpression(core) &&
    (core.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      core.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    ts.isIdentifier(core.right) &&
    core.right.text === 'undefined'
  ) {
    return core.left;
  }
  return core;
}

/**
 * Whether a value is only tested for truthiness or against null/undefined where it stands
 * (`if (span)`, `!tracer`, `span && …`, `span ? … : …`, `span === undefined`): such a test gives
 * the same answer for the OpenTelemetry object the rewrite puts there, so the value does not flow
 * anywhere the rewrite must follow.
 */
export function isTruthinessTest(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent)) return isTruthinessTest(parent);
  if (
    (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) &&
    parent.expression === node
  )
    return true;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (!ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  // `span && span.finish()`: the left side is tested; `span || other` would hand the span on.
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return parent.left === node;
  const other = parent.left === node ? parent.right : parent.left;
  return EQUALITY.has(operator) && isNullish(other);
}

const EQUALITY = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);

function isNullish(node: ts.Expression): boolean {
  return (
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    ts.isVoidExpression(node)
  );
}

export function isNamed(type: ts.Type, name: string): boolean {
  return (type.getSymbol() ?? type.aliasSymbol)?.getName() === name;
}

const OBJECT_KINDS: Readonly<Record<string, string>> = {
  Span: 'span',
  Tracer: 'tracer',
  SpanContext: 'span context',
  Reference: 'reference',
};

/** Which OpenTracing object a value is (span, tracer, span context, reference), if any. */
export function openTracingObject(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  const members = type.isUnion() ? type.types : [type];
  for (const member of members) {
    if (!isOpenTracingType(checker, member)) continue;
    const name = (member.getSymbol() ?? member.aliasSymbol)?.getName() ?? '';
    return OBJECT_KINDS[name] ?? 'object';
  }
  return undefined;
}

export function mentionsOpenTracing(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (depth > 3) return false;
  if (isOpenTracingType(checker, type)) return true;
  if (type.isUnion() || type.isIntersection())
    return type.types.some((member) => mentionsOpenTracing(checker, member, depth + 1));
  const typeArguments =
    (type.flags & ts.TypeFlags.Object) !== 0
      ? checker.getTypeArguments(type as ts.TypeReference)
      : [];
  if (typeArguments.some((argument) => mentionsOpenTracing(checker, argument, depth + 1)))
    return true;
  for (const signature of type.getCallSignatures()) {
    if (mentionsOpenTracing(checker, signature.getReturnType(), depth + 1)) return true;
    for (const parameter of signature.getParameters()) {
      const declaration = parameter.valueDeclaration;
      if (
        declaration &&
        mentionsOpenTracing(
          checker,
          checker.getTypeOfSymbolAtLocation(parameter, declaration),
          depth + 1,
        )
      )
        return true;
    }
  }
  return false;
}

export function requireStatement(call: ts.Node): ts.Node | undefined {
  const declaration = call.parent;
  if (!ts.isVariableDeclaration(declaration)) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return undefined;
  return ts.isVariableStatement(list.parent) ? list.parent : undefined;
}

export function lineEnd(sourceFile: ts.SourceFile, position: number): number {
  const newline = sourceFile.text.indexOf('\n', position);
  return newline === -1 ? sourceFile.text.length : newline + 1;
}

export function isBindingName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isFunctionDeclaration(parent)) &&
    parent.name === node
  );
}

export function collectBindingSymbols(
  declaration: ts.Node,
  checker: ts.TypeChecker,
  into: Set<ts.Symbol>,
): void {
  const add = (name: ts.Node | undefined) => {
    const symbol = name === undefined ? undefined : checker.getSymbolAtLocation(name);
    if (symbol !== undefined) into.add(symbol);
  };
  if (ts.isImportDeclaration(declaration)) {
    const clause = declaration.importClause;
    add(clause?.name);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name);
    if (bindings && ts.isNamedImports(bindings))
      bindings.elements.forEach((element) => add(element.name));
  } else if (ts.isVariableDeclaration(declaration)) {
    if (ts.isIdentifier(declaration.name)) add(declaration.name);
    else if (ts.isObjectBindingPattern(declaration.name))
      declaration.name.elements.forEach((element) => add(element.name));
  }
}

/**
 * For `const span = tracer.startSpan(…);` standing alone in a list of statements: the variable's
 * name and the statement, after which another statement can go.
 */
export function spanDeclaration(
  call: ts.CallExpression,
): { name: string; statement: ts.VariableStatement } | undefined {
  const declaration = call.parent;
  if (
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== call ||
    !ts.isIdentifier(declaration.name) ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    declaration.parent.declarations.length !== 1
  )
    return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !isStatementList(statement.parent)) return undefined;
  return { name: declaration.name.text, statement };
}

/** Whether a node holds a list of statements (a block, a file, a `case`…). */
export function isStatementList(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isSourceFile(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseClause(node) ||
    ts.isDefaultClause(node)
  );
}

/**
 * Where a statement inserted after `statement` goes: past the comments that end its line, so they
 * stay with it, unless more code follows them on that line.
 */
export function afterStatement(sourceFile: ts.SourceFile, statement: ts.Statement): number {
  const text = sourceFile.text;
  const comments = ts.getTrailingCommentRanges(text, statement.end) ?? [];
  const last = comments[comments.length - 1];
  if (last === undefined) return statement.end;
  const lineEndsHere = /[^\S\r\n]*(?:\r|\n|$)/y;
  lineEndsHere.lastIndex = last.end;
  return lineEndsHere.test(text) ? last.end : statement.end;
}

/** The white space that starts the line holding `position`. */
export function lineIndent(sourceFile: ts.SourceFile, position: number): string {
  const { line } = sourceFile.getLineAndCharacterOfPosition(position);
  const start = sourceFile.getLineStarts()[line];
  return /^[^\S\r\n]*/.exec(sourceFile.text.slice(start, position))?.[0] ?? '';
}

/**
 * Whether a name carries no value: a name in a type (`import('opentracing').Span`) or a re-export
 * from another module, the name of an
 * interface or class field (`server?: Tracer`), or a parameter of a signature without a body (a
 * function type `(span: Span) => void`, a method signature, an overload, a `declare`d function).
 * The values such fields and functions get are checked where they are written, passed or called.
 */
export function carriesNoValue(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isImportTypeNode(parent)) return true;
  // `export { Span } from 'opentracing'` and `export type { Span }` pass no value of this file on.
  if (
    ts.isExportSpecifier(parent) &&
    (parent.parent.parent.moduleSpecifier !== undefined ||
      parent.isTypeOnly ||
      parent.parent.parent.isTypeOnly)
  )
    return true;
  if ((ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node)
    return true;
  if (!ts.isParameter(parent) || parent.name !== node) return false;
  const signature = parent.parent;
  return (
    ts.isFunctionTypeNode(signature) ||
    ts.isConstructorTypeNode(signature) ||
    ts.isMethodSignature(signature) ||
    ts.isCallSignatureDeclaration(signature) ||
    ts.isConstructSignatureDeclaration(signature) ||
    ((ts.isFunctionDeclaration(signature) ||
      ts.isMethodDeclaration(signature) ||
      ts.isConstructorDeclaration(signature)) &&
      signature.body === undefined)
  );
}

/** The text of every identifier in a file. */
export function identifiersOf(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return names;
}

/**
 * Where and what to insert for an import of @opentelemetry/api's `specifiers` in a file that has
 * none of opentracing to replace (it gets OpenTracing's objects from other files only): after its
 * last import or require, else before its first statement (after a `'use strict'`).
 */
export function newApiImport(
  sourceFile: ts.SourceFile,
  specifiers: readonly string[],
): { position: number; text: string } {
  // CommonJS JavaScript requires; a module (imports, .mjs) and TypeScript import.
  const isModule =
    sourceFile.statements.some(ts.isImportDeclaration) || /\.mjs$/.test(sourceFile.fileName);
  const line =
    !isModule && /\.c?jsx?$/.test(sourceFile.fileName)
      ? `const { ${specifiers.map((s) => s.replace(' as ', ': ')).join(', ')} } = require('@opentelemetry/api');`
      : `import { ${specifiers.join(', ')} } from '@opentelemetry/api';`;
  let last: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    const isImport =
      ts.isImportDeclaration(statement) ||
      ts.isImportEqualsDeclaration(statement) ||
      (ts.isVariableStatement(statement) &&
        statement.declarationList.declarations.some(
          (d) =>
            d.initializer !== undefined &&
            ts.isCallExpression(d.initializer) &&
            ts.isIdentifier(d.initializer.expression) &&
            d.initializer.expression.text === 'require',
        )) ||
      (ts.isExpressionStatement(statement) &&
        ts.isStringLiteral(statement.expression) &&
        last === undefined &&
        statement === sourceFile.statements[0]);
    if (isImport) last = statement;
  }
  if (last !== undefined) return { position: last.end, text: `\n${line}` };
  const first = sourceFile.statements[0];
  return { position: first === undefined ? 0 : first.getStart(sourceFile), text: `${line}\n` };
}

/** The name a call calls: `f` in `f(…)` and `a.b.f(…)`; empty for anything else. */
export function calledName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
}

/** An import or require of opentracing (not a re-export). */
export function isImport(usage: Usage): boolean {
  return usage.kind === 'import' && !ts.isExportDeclaration(usage.node);
}

/** Where the new import goes: the first import (or require statement) of opentracing. */
export function importPosition(usages: readonly Usage[]): number {
  const first = usages.find(isImport)?.node;
  if (first === undefined) return 0;
  const statement = ts.isCallExpression(first) ? (requireStatement(first) ?? first) : first;
  return statement.getStart();
}
