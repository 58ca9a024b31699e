// A span started under an extracted context and kept in a field for later, as framework plugins
// do (`ctx.contextValue.span = span` in an Apollo plugin's `requestDidStart`): the incoming baggage
// follows it where the code shows that only its own descendants are started from it.
import { ts } from '@ts-morph/common';
import type { FilePlanning } from '../planning';
import { isWrittenTo, structuralAccesses } from '../field-accesses';
import { calledName } from '../syntax';
import { WITHOUT_BAGGAGE, calleeUsesWithoutBaggage } from './span-uses-without-baggage';

/**
 * Whether the span, kept in a field (its only way out: `x.field = span`, the field's only write in
 * the files given), can keep its baggage: every read of the field outside the span's function
 * uses it without baggage (tags, logs, finish); inside the function (its callbacks included),
 * spans may also be started from it, from spans so started, or from a `Map` of such spans, and
 * those get the incoming baggage. No span there is injected or asked for baggage, nor handed to a
 * function that may. Recorded in `plan.storedSpans` for the parent rule.
 */
export function keepStoredSpanBaggage(
  plan: FilePlanning,
  start: ts.CallExpression,
  stored: readonly ts.Identifier[],
  declareBaggage: () => string | undefined,
  handsOn: boolean,
): boolean {
  const index = plan.crossFile?.index;
  if (index === undefined || stored.length !== 1) return false;
  const assignment = stored[0].parent;
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    assignment.right !== stored[0] ||
    !ts.isPropertyAccessExpression(assignment.left) ||
    !ts.isExpressionStatement(assignment.parent)
  )
    return false;
  const field = plan.checker.getSymbolAtLocation(assignment.left.name);
  const scope = functionOf(start);
  const root = scope && rootParameter(plan, assignment.left.expression, scope);
  if (field === undefined || scope === undefined || root === undefined) return false;
  const analysis = new Derivation(plan, field, scope, root);
  for (const reference of index.referencesTo(field)) {
    const read = reference.parent;
    // The field's own declaration (`span?: Span` of the context interface).
    if (
      !ts.isPropertyAccessExpression(read) &&
      ts.getNameOfDeclaration(read as ts.Declaration) === reference
    )
      continue;
    if (!ts.isPropertyAccessExpression(read) || read.name !== reference) return false;
    if (read === assignment.left) continue;
    if (isWrittenTo(read)) return false;
    const inScope = contains(scope, read);
    if (reference.getSourceFile() !== plan.sourceFile && inScope) return false;
    if (!analysis.usedWell(read, inScope)) {
      return false;
    }
  }
  // Read through another type's property of that name (`holder.span`, `holder: { span?: Span }`):
  // written there, or read where it needs the baggage, it is not followed.
  for (const read of structuralAccesses(index, field)) {
    if (isWrittenTo(read) || !analysis.usedWell(read, false)) return false;
  }
  // Spans of the function started before the baggage exists could not get it.
  const from = assignment.getStart(plan.sourceFile);
  if (analysis.startedFrom.some((call) => call.getStart(plan.sourceFile) < from)) return false;
  // Nothing starts from it, nor is it handed to a call: no baggage to keep.
  if (analysis.startedFrom.length === 0 && !handsOn) return true;
  const baggage = declareBaggage();
  if (baggage === undefined) return false;
  plan.storedSpans.push({ scope, field, root, baggage, from });
  return true;
}

/**
 * The baggage a span started from `value` gets, when `value` is the kept span or one of its
 * descendants in the function that keeps it (see keepStoredSpanBaggage): the name of its
 * `const`.
 * @internal
 */
export function storedSpanBaggage(plan: FilePlanning, value: ts.Expression): string | undefined {
  for (const stored of plan.storedSpans) {
    if (!contains(stored.scope, value) || value.getStart(plan.sourceFile) < stored.from) continue;
    if (new Derivation(plan, stored.field, stored.scope, stored.root).derives(value))
      return stored.baggage;
  }
  return undefined;
}

/** What is derived from the kept span in its function, and whether its uses need no baggage. */
class Derivation {
  /** `startSpan` calls whose parent derives from the kept span. */
  readonly startedFrom: ts.CallExpression[] = [];

  private readonly maps = new Set<ts.Symbol>();

  constructor(
    private readonly plan: FilePlanning,
    private readonly field: ts.Symbol,
    private readonly scope: ts.FunctionLikeDeclaration,
    private readonly root: ts.ParameterDeclaration,
  ) {}

  /**
   * Whether an expression is the kept span or a descendant: a read of the field, a `const` of the
   * function holding one, `a ?? b` / `a || b` of them, a span started from one, `map.get(k)` of a
   * `Map` of the function holding only such spans.
   */
  derives(node: ts.Expression): boolean {
    const value = strip(node);
    if (ts.isPropertyAccessExpression(value))
      return (
        this.plan.checker.getSymbolAtLocation(value.name) === this.field &&
        this.isRequestContext(value.expression)
      );
    if (ts.isBinaryExpression(value)) {
      const operator = value.operatorToken.kind;
      return (
        (operator === ts.SyntaxKind.QuestionQuestionToken ||
          operator === ts.SyntaxKind.BarBarToken) &&
        this.derives(value.left) &&
        this.derives(value.right)
      );
    }
    if (ts.isCallExpression(value)) return this.isStartedFrom(value) || this.isMapRead(value);
    if (ts.isIdentifier(value)) {
      const initializer = this.constInitializer(value);
      return initializer !== undefined && this.derives(initializer);
    }
    return false;
  }

  /**
   * Whether a read of the field uses the span well: outside the function, without baggage;
   * inside, also as the parent of spans (which derive from it).
   */
  usedWell(read: ts.Expression, inScope: boolean): boolean {
    return this.usesWell(read, inScope, 0);
  }

  private usesWell(value: ts.Expression, inScope: boolean, depth: number): boolean {
    if (depth > 4) return false;
    let node: ts.Node = value;
    while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent))
      node = node.parent;
    const parent = node.parent;
    // `span.setTag(…)`, `span?.log(…)`.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const call = parent.parent;
      return (
        ts.isCallExpression(call) &&
        call.expression === parent &&
        WITHOUT_BAGGAGE.has(parent.name.text)
      );
    }
    // `if (span)`, `!span`.
    if (ts.isIfStatement(parent) || ts.isPrefixUnaryExpression(parent)) return true;
    // `const requestSpan = ctx.span`: its own uses.
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      const symbol = ts.isIdentifier(parent.name)
        ? this.plan.checker.getSymbolAtLocation(parent.name)
        : undefined;
      if (symbol === undefined || (parent.parent.flags & ts.NodeFlags.Const) === 0) return false;
      return this.plan
        .referencesTo(symbol)
        .every(
          (use) =>
            use === parent.name ||
            this.usesWell(use, inScope && contains(this.scope, use), depth + 1),
        );
    }
    // `a ?? span`: the whole goes where it goes.
    if (
      ts.isBinaryExpression(parent) &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      inScope &&
      this.derives(parent)
    )
      return this.usesWell(parent, inScope, depth + 1);
    // `childOf: span` in the function: the span started derives from it (when what is read is
    // this request's span, not another request's: `previous.span`).
    if (
      inScope &&
      this.derives(node as ts.Expression) &&
      ts.isPropertyAssignment(parent) &&
      parent.initializer === node &&
      ts.isIdentifier(parent.name) &&
      parent.name.text === 'childOf'
    ) {
      const call = parent.parent.parent;
      if (!ts.isCallExpression(call) || calledName(call) !== 'startSpan') return false;
      this.startedFrom.push(call);
      return this.spanUsedWell(call);
    }
    return false;
  }

  /** A span started from a derived one: its uses need no baggage, or derive spans in turn. */
  private spanUsedWell(call: ts.CallExpression): boolean {
    const declaration = call.parent;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return false;
    const symbol = this.plan.checker.getSymbolAtLocation(declaration.name);
    if (symbol === undefined || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
    return this.plan.referencesTo(symbol).every((use) => {
      if (use === declaration.name) return true;
      const parent = use.parent;
      // `spans.set(key, span)` into a Map of the function, read back with `get`.
      if (ts.isCallExpression(parent) && parent.arguments[1] === use && this.isMapWrite(parent))
        return true;
      // Handed to a function that only tags, logs or finishes it (`logError(span, err)`).
      if (ts.isCallExpression(parent) && parent.arguments.includes(use))
        return calleeUsesWithoutBaggage(this.plan.checker, parent, parent.arguments.indexOf(use));
      return this.usesWell(use, true, 1);
    });
  }

  /**
   * Whether an object whose field is read in the function is the request's own context: reached
   * from a parameter of the function or of a callback in it (what the framework hands the plugin
   * for this request), not from a field or a variable that may hold another request's.
   */
  private isRequestContext(receiver: ts.Expression): boolean {
    const parameter = rootParameter(this.plan, receiver, this.scope);
    if (parameter === undefined) return false;
    // A parameter of the function itself: the one the span was kept on, not another request's
    // (`batchParent.span`); of a callback in it: what the framework hands it for this request.
    return parameter.parent !== this.scope || parameter === this.root;
  }

  private isStartedFrom(call: ts.CallExpression): boolean {
    if (calledName(call) !== 'startSpan' || !contains(this.scope, call)) return false;
    const options = call.arguments[1];
    if (options === undefined || !ts.isObjectLiteralExpression(options)) return false;
    return options.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        ts.isIdentifier(property.name) &&
        property.name.text === 'childOf' &&
        this.derives(property.initializer),
    );
  }

  /** `map.get(k)` of a `const map = new Map…()` of the function written only with derived spans. */
  private isMapRead(call: ts.CallExpression): boolean {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get') return false;
    return this.isDerivedMap(callee.expression);
  }

  private isMapWrite(call: ts.CallExpression): boolean {
    const callee = call.expression;
    return (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'set' &&
      this.isDerivedMap(callee.expression)
    );
  }

  private isDerivedMap(node: ts.Expression): boolean {
    if (!ts.isIdentifier(node)) return false;
    const symbol = this.plan.checker.getSymbolAtLocation(node);
    const declaration = symbol?.valueDeclaration;
    if (
      symbol === undefined ||
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      (declaration.parent.flags & ts.NodeFlags.Const) === 0 ||
      !contains(this.scope, declaration) ||
      declaration.initializer === undefined ||
      !ts.isNewExpression(declaration.initializer) ||
      !ts.isIdentifier(declaration.initializer.expression) ||
      declaration.initializer.expression.text !== 'Map' ||
      (declaration.initializer.arguments?.length ?? 0) !== 0
    )
      return false;
    // Assumed while its writes are checked (a span read from it starts the next one).
    if (this.maps.has(symbol)) return true;
    this.maps.add(symbol);
    return this.plan.referencesTo(symbol).every((use) => {
      if (use === declaration.name) return true;
      const access = use.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== use) return false;
      const method = access.name.text;
      if (method === 'size' || method === 'has' || method === 'delete') return true;
      // What is read back goes only where a descendant may: a parent, tags, logs.
      if (method === 'get')
        return ts.isCallExpression(access.parent) && this.usesWell(access.parent, true, 1);
      const call = access.parent;
      return (
        method === 'set' &&
        ts.isCallExpression(call) &&
        call.arguments.length === 2 &&
        this.derives(call.arguments[1])
      );
    });
  }

  private constInitializer(name: ts.Identifier): ts.Expression | undefined {
    const declaration = this.plan.checker.getSymbolAtLocation(name)?.valueDeclaration;
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      (declaration.parent.flags & ts.NodeFlags.Const) === 0 ||
      !contains(this.scope, declaration)
    )
      return undefined;
    return declaration.initializer;
  }
}

function strip(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)
    ? strip(node.expression)
    : node;
}

function functionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent)
    if (ts.isFunctionLike(current)) return current as ts.FunctionLikeDeclaration;
  return undefined;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return (
    outer.getSourceFile() === inner.getSourceFile() &&
    outer.getStart() <= inner.getStart() &&
    inner.end <= outer.end
  );
}

/** Whether a parameter is assigned anywhere in the file (then it may hold another object). */
function isReassigned(plan: FilePlanning, name: ts.Identifier): boolean {
  const symbol = plan.checker.getSymbolAtLocation(name);
  return symbol === undefined || plan.referencesTo(symbol).some(isWrittenTo);
}
/**
 * The parameter an object is read from (`ctx` of `ctx.contextValue`, or the parameter that
 * `contextValue` is destructured from), when it is one of `scope` or of a function in it, never
 * assigned.
 */
function rootParameter(
  plan: FilePlanning,
  receiver: ts.Expression,
  scope: ts.FunctionLikeDeclaration,
): ts.ParameterDeclaration | undefined {
  let root = strip(receiver);
  while (ts.isPropertyAccessExpression(root)) root = strip(root.expression);
  if (!ts.isIdentifier(root)) return undefined;
  let declaration: ts.Node | undefined = plan.checker.getSymbolAtLocation(root)?.valueDeclaration;
  while (declaration !== undefined && ts.isBindingElement(declaration))
    declaration = declaration.parent.parent;
  if (
    declaration === undefined ||
    !ts.isParameter(declaration) ||
    !contains(scope, declaration) ||
    isReassigned(plan, root)
  )
    return undefined;
  return declaration;
}
