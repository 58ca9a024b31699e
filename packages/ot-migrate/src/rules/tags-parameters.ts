// A helper that starts spans with tags its callers give:
// `startClientSpan(tracer, name, tags)` spreads `tags` into its `startSpan` tags, and pg.ts calls it
// with `{ [Tags.DB_TYPE]: 'sql', … }`. The callers' literals become attributes (named for the kind
// the helper gives its spans), the parameter becomes `Attributes`, and the spread stays: the
// helper and its callers move together.
import { ts } from '@ts-morph/common';
import { toSpanKind } from '../../../../src/conventions/span-kind';
import { SpanKind } from '@opentelemetry/api';
import type { FilePlanning } from '../planning';
import { staticPropertyName, staticString } from '../static-values';
import { isOpenTracingSymbol } from '../usages';

/**
 * A tags parameter: the function, the parameter's position, and the kind of the spans.
 * @internal
 */
export interface TagsParameter {
  fn: ts.FunctionDeclaration;
  position: number;
  /** The `SpanKind` member name (`CLIENT`) the helper's tags give its spans. */
  kind: string;
  spread: ts.SpreadAssignment;
}

/** Tag names a caller may not give: the helper's span kind and status are decided by the helper. */
const DECIDED_BY_HELPER = new Set(['span.kind', 'error', 'sampling.priority']);

/**
 * The tags parameter a parameter declaration is: a parameter of a function declaration of the
 * rewrite, used only in one spread into the tags of a `startSpan` call in it, whose own tags name
 * the span kind by a literal or not at all.
 */
export function tagsParameterOf(
  checker: ts.TypeChecker,
  parameter: ts.Declaration | undefined,
): TagsParameter | undefined {
  if (
    parameter === undefined ||
    !ts.isParameter(parameter) ||
    !ts.isIdentifier(parameter.name) ||
    parameter.dotDotDotToken !== undefined ||
    !ts.isFunctionDeclaration(parameter.parent) ||
    parameter.parent.body === undefined
  )
    return undefined;
  const fn = parameter.parent;
  const symbol = checker.getSymbolAtLocation(parameter.name);
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== parameter.name &&
      checker.getSymbolAtLocation(node) === symbol
    )
      uses.push(node);
    ts.forEachChild(node, visit);
  };
  visit(fn.body!);
  const [use] = uses;
  if (uses.length !== 1 || !ts.isSpreadAssignment(use.parent)) return undefined;
  const spread = use.parent;
  const tags = spread.parent;
  const option = tags.parent;
  if (
    !ts.isPropertyAssignment(option) ||
    staticPropertyName(option.name, checker) !== 'tags' ||
    !ts.isObjectLiteralExpression(option.parent) ||
    !ts.isCallExpression(option.parent.parent) ||
    !isStartSpan(checker, option.parent.parent)
  )
    return undefined;
  let kind = 'INTERNAL';
  for (const property of tags.properties) {
    if (property === spread) continue;
    if (!ts.isPropertyAssignment(property)) return undefined;
    const name = staticPropertyName(property.name, checker);
    if (name === undefined) return undefined;
    if (name !== 'span.kind') continue;
    const value = toSpanKind(staticString(property.initializer, checker));
    if (value === undefined) return undefined;
    kind = SpanKind[value];
  }
  return { fn, position: fn.parameters.indexOf(parameter), kind, spread };
}

function isStartSpan(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'startSpan' &&
    isOpenTracingSymbol(checker, checker.getSymbolAtLocation(callee.name))
  );
}

/**
 * Every call of the helper, when each gives an object literal for the tags parameter from a file
 * that moves (and no code outside the paths can call it): the argument literals. Undefined
 * otherwise.
 */
export function tagsArguments(
  plan: FilePlanning,
  parameter: TagsParameter,
): ts.ObjectLiteralExpression[] | undefined {
  const index = plan.crossFile?.index;
  const name = parameter.fn.name;
  if (index === undefined || name === undefined) return undefined;
  const symbol = plan.checker.getSymbolAtLocation(name);
  if (symbol === undefined || 'hard' in index.usersOf(parameter.fn)) return undefined;
  const found: ts.ObjectLiteralExpression[] = [];
  for (const reference of index.referencesTo(symbol)) {
    const parent = reference.parent;
    if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent))
      continue;
    if (reference === name) continue;
    if (!ts.isCallExpression(parent) || parent.expression !== reference) return undefined;
    if (index.staysLegacy(reference.getSourceFile().fileName)) return undefined;
    const argument = parent.arguments[parameter.position];
    if (argument === undefined || !ts.isObjectLiteralExpression(argument)) return undefined;
    if (!givesOnlyAttributes(plan.checker, argument)) return undefined;
    found.push(argument);
  }
  return found;
}

/**
 * The helper's side: `...tags` in its `startSpan` tags, when `tags` is a tags parameter whose
 * callers can all be rewritten. The spread stays as the entry; the parameter's type becomes
 * `Attributes`. Undefined when it is not one.
 */
export function tagsParameterSpread(
  plan: FilePlanning,
  spread: ts.SpreadAssignment,
): string | undefined {
  if (!ts.isIdentifier(spread.expression)) return undefined;
  const declaration = plan.checker.getSymbolAtLocation(spread.expression)?.valueDeclaration;
  const parameter = tagsParameterOf(plan.checker, declaration);
  if (parameter === undefined || parameter.spread !== spread) return undefined;
  const callers = tagsArguments(plan, parameter);
  if (callers === undefined) return undefined;
  const type = parameter.fn.parameters[parameter.position].type;
  if (type !== undefined) {
    plan.neededTypes.add('Attributes');
    plan.replace(type, plan.names.Attributes);
  }
  plan.crossFile?.peer(spread, [
    ...new Set(callers.map((literal) => literal.getSourceFile().fileName)),
  ]);
  return `...${spread.expression.text}`;
}

/**
 * Whether a caller's tags literal names each tag (in conditional spreads too:
 * `...(full ? { [Tags.DB_STATEMENT]: text } : {})`) and none of those the helper decides.
 */
function givesOnlyAttributes(checker: ts.TypeChecker, tags: ts.ObjectLiteralExpression): boolean {
  return tags.properties.every((property) => {
    if (ts.isSpreadAssignment(property)) {
      const branches = conditionalBranches(property.expression);
      return branches?.every((branch) => givesOnlyAttributes(checker, branch)) ?? false;
    }
    const key =
      property.name === undefined ? undefined : staticPropertyName(property.name, checker);
    return key !== undefined && !DECIDED_BY_HELPER.has(key);
  });
}

/** The two object literals of `(test ? { … } : { … })`, if that is what an expression is. */
export function conditionalBranches(
  expression: ts.Expression,
): [ts.ObjectLiteralExpression, ts.ObjectLiteralExpression] | undefined {
  const strip = (node: ts.Expression): ts.Expression =>
    ts.isParenthesizedExpression(node) ? strip(node.expression) : node;
  const conditional = strip(expression);
  if (!ts.isConditionalExpression(conditional)) return undefined;
  const whenTrue = strip(conditional.whenTrue);
  const whenFalse = strip(conditional.whenFalse);
  return ts.isObjectLiteralExpression(whenTrue) && ts.isObjectLiteralExpression(whenFalse)
    ? [whenTrue, whenFalse]
    : undefined;
}
