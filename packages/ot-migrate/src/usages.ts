import { ts } from '@ts-morph/common';

/** What kind of OpenTracing usage a site is; the scan's columns. */
export type UsageKind =
  | 'import'
  | 'globalTracer'
  | 'initGlobalTracer'
  | 'startSpan'
  | 'setTag'
  | 'log'
  | 'finish'
  | 'inject'
  | 'extract'
  | 'baggage'
  | 'tags'
  | 'formats'
  | 'references'
  | 'other';

/** Every kind, in column order. */
export const USAGE_KINDS: readonly UsageKind[] = [
  'import',
  'globalTracer',
  'initGlobalTracer',
  'startSpan',
  'setTag',
  'log',
  'finish',
  'inject',
  'extract',
  'baggage',
  'tags',
  'formats',
  'references',
  'other',
];

/** One OpenTracing usage in a source file. */
export interface Usage {
  kind: UsageKind;
  /** The API member used: `startSpan`, `Tags.HTTP_METHOD`, `FORMAT_HTTP_HEADERS`… */
  name: string;
  /** 1-based line. */
  line: number;
  node: ts.Node;
  /** For startSpan: which of childOf, references, tags, startTime its options use. */
  startSpanOptions?: string[];
  /** Counted without type information: the receiver is `any` in a file that uses opentracing. */
  untyped?: boolean;
}

const KIND_BY_MEMBER: Readonly<Record<string, UsageKind>> = {
  startSpan: 'startSpan',
  setTag: 'setTag',
  addTags: 'setTag',
  log: 'log',
  logEvent: 'log',
  finish: 'finish',
  inject: 'inject',
  extract: 'extract',
  setBaggageItem: 'baggage',
  getBaggageItem: 'baggage',
  globalTracer: 'globalTracer',
  initGlobalTracer: 'initGlobalTracer',
  childOf: 'references',
  followsFrom: 'references',
  Reference: 'references',
  setOperationName: 'other',
  context: 'other',
  tracer: 'other',
  toTraceId: 'other',
  toSpanId: 'other',
  referencedContext: 'other',
};

/** Members distinctive enough to count on an `any` receiver in a file that uses opentracing. */
const UNTYPED_MEMBERS = new Set([
  'startSpan',
  'setTag',
  'addTags',
  'logEvent',
  'finish',
  'inject',
  'extract',
  'setBaggageItem',
  'getBaggageItem',
  'setOperationName',
]);

const START_SPAN_OPTIONS = new Set(['childOf', 'references', 'tags', 'startTime']);

/** Whether a declaration comes from the `opentracing` package. */
export function isOpenTracingDeclaration(declaration: ts.Declaration): boolean {
  return /[\\/]node_modules[\\/]opentracing[\\/]/.test(declaration.getSourceFile().fileName);
}

/** Whether a symbol (after following import aliases) is declared by the `opentracing` package. */
export function isOpenTracingSymbol(
  checker: ts.TypeChecker,
  symbol: ts.Symbol | undefined,
): boolean {
  if (symbol === undefined) return false;
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (resolved.declarations ?? []).some(isOpenTracingDeclaration);
}

/** Whether a type is, or derives from, an `opentracing` class (null and undefined aside). */
export function isOpenTracingType(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (depth > 4) return false;
  if (type.isUnion())
    return type.types.some((member) => isOpenTracingType(checker, member, depth + 1));
  if (isOpenTracingSymbol(checker, type.getSymbol() ?? type.aliasSymbol)) return true;
  if (type.isClassOrInterface()) {
    return checker.getBaseTypes(type).some((base) => isOpenTracingType(checker, base, depth + 1));
  }
  return false;
}

/** Whether a source file imports or requires `opentracing`. */
export function importsOpenTracing(sourceFile: ts.SourceFile): boolean {
  return /\bopentracing['"]/.test(sourceFile.text);
}

/** Options of {@link findUsages}. */
export interface FindUsagesOptions {
  /**
   * The file gets OpenTracing objects from other files (its functions are passed spans, say)
   * without importing opentracing: calls on values without types count as they do where it is
   * imported.
   */
  receivesOpenTracing?: boolean;
}

/**
 * Finds every OpenTracing usage in a file. Type-aware: a call counts when the called member is
 * declared by `opentracing` (or on a type that derives from one of its classes), so `job.finish()`
 * on an object of your own is not counted. Where there are no types (`any`, in plain JavaScript
 * without inference), distinctive member names count in files that use opentracing (or receive its
 * objects: `options`), marked `untyped`.
 */
export function findUsages(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  options: FindUsagesOptions = {},
): Usage[] {
  const usages: Usage[] = [];
  const fileUsesOpenTracing =
    options.receivesOpenTracing === true || importsOpenTracing(sourceFile);
  const add = (kind: UsageKind, name: string, node: ts.Node, extra: Partial<Usage> = {}) => {
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    usages.push({ kind, name, line, node, ...extra });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (
        ts.isStringLiteral(node.moduleSpecifier) &&
        isOpenTracingModule(node.moduleSpecifier.text)
      ) {
        add('import', node.moduleSpecifier.text, node);
      }
      return; // names in an import are not usages
    }
    // `export { Span } from 'opentracing'`: an import and an export in one.
    if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      isOpenTracingModule(node.moduleSpecifier.text)
    ) {
      add('import', node.moduleSpecifier.text, node);
      return;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      classifyCall(node);
    } else if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) {
      classifyConstant(node);
    }
    ts.forEachChild(node, visit);
  };

  const classifyCall = (call: ts.CallExpression | ts.NewExpression): void => {
    const callee = call.expression;
    if (
      ts.isCallExpression(call) &&
      ts.isIdentifier(callee) &&
      callee.text === 'require' &&
      call.arguments.length === 1 &&
      ts.isStringLiteral(call.arguments[0]) &&
      isOpenTracingModule(call.arguments[0].text)
    ) {
      add('import', call.arguments[0].text, call);
      return;
    }
    const nameNode = ts.isPropertyAccessExpression(callee)
      ? callee.name
      : ts.isIdentifier(callee)
        ? callee
        : undefined;
    if (nameNode === undefined) return;
    const kind = KIND_BY_MEMBER[nameNode.text];
    if (kind === undefined) return;
    const typed =
      isOpenTracingSymbol(checker, checker.getSymbolAtLocation(nameNode)) ||
      (ts.isPropertyAccessExpression(callee) &&
        isOpenTracingType(checker, checker.getTypeAtLocation(callee.expression)));
    const untyped =
      !typed &&
      fileUsesOpenTracing &&
      ts.isPropertyAccessExpression(callee) &&
      UNTYPED_MEMBERS.has(nameNode.text) &&
      (checker.getTypeAtLocation(callee.expression).flags & ts.TypeFlags.Any) !== 0;
    if (!typed && !untyped) return;
    const extra: Partial<Usage> = untyped ? { untyped: true } : {};
    if (kind === 'startSpan') extra.startSpanOptions = startSpanOptionNames(call);
    add(kind, nameNode.text, call, extra);
  };

  const classifyConstant = (node: ts.PropertyAccessExpression | ts.Identifier): void => {
    const parent = node.parent;
    // Callees are classified as calls; the inner part of `a.b.c` is left to the outer node.
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node)
      return;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
    if (ts.isIdentifier(node) && isDeclarationName(node)) return;
    if (ts.isPropertyAccessExpression(node)) {
      const owner = node.expression;
      const ownerName = ts.isPropertyAccessExpression(owner)
        ? owner.name.text
        : ts.isIdentifier(owner)
          ? owner.text
          : '';
      if (
        ownerName === 'Tags' &&
        isOpenTracingSymbol(checker, checker.getSymbolAtLocation(owner))
      ) {
        add('tags', `Tags.${node.name.text}`, node);
        return;
      }
    }
    const name = ts.isPropertyAccessExpression(node) ? node.name.text : node.text;
    const nameNode = ts.isPropertyAccessExpression(node) ? node.name : node;
    if (
      !name.startsWith('FORMAT_') &&
      name !== 'REFERENCE_CHILD_OF' &&
      name !== 'REFERENCE_FOLLOWS_FROM'
    )
      return;
    if (!isOpenTracingSymbol(checker, checker.getSymbolAtLocation(nameNode))) return;
    add(name.startsWith('FORMAT_') ? 'formats' : 'references', name, node);
  };

  visit(sourceFile);
  return usages;
}

function isOpenTracingModule(specifier: string): boolean {
  return specifier === 'opentracing' || specifier.startsWith('opentracing/');
}

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      ts.isBindingElement(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isExportSpecifier(parent)) &&
    (parent as { name?: ts.Node }).name === node
  );
}

function startSpanOptionNames(call: ts.CallExpression | ts.NewExpression): string[] {
  const options = call.arguments?.[1];
  if (options === undefined || !ts.isObjectLiteralExpression(options)) return [];
  const names: string[] = [];
  for (const property of options.properties) {
    const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
    if (name !== undefined && START_SPAN_OPTIONS.has(name)) names.push(name);
  }
  return names;
}
