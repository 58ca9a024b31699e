import { ts } from '@ts-morph/common';
import { staticPropertyName } from '../static-values';
import type { Usage } from '../usages';

/** What the start-options rule needs of the planner. */
export interface StartOptionsState {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly usages: readonly Usage[];
  replaceRange(start: number, end: number, text: string, anchor?: ts.Node): void;
}

/** A `startSpan` option given by a variable: `{ tags }`, `{ tags: common }`. */
export interface OptionVariable {
  /** The option's name (`tags`). */
  name: string;
  /** The variable, as the options name it. */
  variable: ts.Identifier;
  /** The object or array literal the variable is declared with. */
  literal: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression;
}

/** Declarations whose literal a rewrite has replaced already (shared by each option naming it). */
const rewritten = new WeakMap<object, Set<ts.Node>>();

/**
 * A `startSpan` option that names a local `const` declared with a literal in the same function
 * (`const tags = { … }; tracer.startSpan(name, { tags })`), every use of which is such an option
 * of a `startSpan` call: the option and the literal, which the rewrite replaces where it stands (so
 * its values are still read when they were). Undefined otherwise.
 * @internal
 */
export function optionVariable(
  state: StartOptionsState,
  property: ts.ObjectLiteralElementLike,
): OptionVariable | undefined {
  let name: string | undefined;
  let variable: ts.Expression | undefined;
  if (ts.isShorthandPropertyAssignment(property) && !property.objectAssignmentInitializer) {
    name = property.name.text;
    variable = property.name;
  } else if (ts.isPropertyAssignment(property)) {
    name = staticPropertyName(property.name, state.checker);
    variable = property.initializer;
  }
  if (name === undefined || variable === undefined || !ts.isIdentifier(variable)) return undefined;
  const symbol = ts.isShorthandPropertyAssignment(property)
    ? state.checker.getShorthandAssignmentValueSymbol(property)
    : state.checker.getSymbolAtLocation(variable);
  const declaration = localConst(state, symbol, property);
  if (declaration === undefined) return undefined;
  const literal = declaration.initializer;
  if (!ts.isObjectLiteralExpression(literal) && !ts.isArrayLiteralExpression(literal))
    return undefined;
  // Every use is such an option of a `startSpan` call of OpenTracing.
  const starts = new Set(
    state.usages.filter((usage) => usage.kind === 'startSpan').map((usage) => usage.node),
  );
  let uses = 0;
  const visit = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node) && node !== declaration.name) {
      const parent = node.parent;
      const shorthand = ts.isShorthandPropertyAssignment(parent);
      const own = shorthand
        ? state.checker.getShorthandAssignmentValueSymbol(parent)
        : state.checker.getSymbolAtLocation(node);
      if (own === symbol) {
        uses++;
        const option = shorthand
          ? parent
          : ts.isPropertyAssignment(parent) && parent.initializer === node
            ? parent
            : undefined;
        const options = option?.parent;
        if (
          option === undefined ||
          options === undefined ||
          !ts.isObjectLiteralExpression(options) ||
          !starts.has(options.parent) ||
          (options.parent as ts.CallExpression).arguments[1] !== options
        )
          return false;
      }
    }
    return ts.forEachChild(node, (child) => (visit(child) ? undefined : true)) === undefined;
  };
  if (!visit(state.sourceFile) || uses === 0) return undefined;
  return { name, variable, literal };
}

/**
 * Replaces the literal of an option variable (once, whichever option names it first) with the
 * rewritten text.
 * @internal
 */
export function replaceOptionLiteral(
  state: StartOptionsState,
  option: OptionVariable,
  text: string,
): void {
  const done = rewritten.get(state) ?? new Set<ts.Node>();
  rewritten.set(state, done);
  if (done.has(option.literal)) return;
  done.add(option.literal);
  state.replaceRange(
    option.literal.getStart(state.sourceFile),
    option.literal.end,
    text,
    option.literal,
  );
}

/** The function a node is in, or its source file. */
function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** The kind each spread literal was rewritten for. */
const spreadKinds = new WeakMap<object, Map<ts.Node, string>>();

/**
 * `...common` in the tags of a `startSpan` call, `common` a local `const` declared with an object
 * literal in the same function, every use of which is such a spread: the literal becomes the
 * attributes where it stands (by `attributes`, the planner's translation for the span's kind), and
 * the spread stays. Spreads of one literal into spans of different kinds, whose names may differ,
 * are not. Undefined (the spread cannot be followed) or the entry (`...common`).
 * @internal
 */
export function tagsSpread(
  state: StartOptionsState,
  spread: ts.SpreadAssignment,
  kind: string,
  attributes: (literal: ts.ObjectLiteralExpression) => string | undefined,
): string | undefined {
  const variable = spread.expression;
  if (!ts.isIdentifier(variable)) return undefined;
  const tags = spread.parent;
  const option = tags.parent;
  if (
    !ts.isPropertyAssignment(option) ||
    staticPropertyName(option.name, state.checker) !== 'tags' ||
    !ts.isObjectLiteralExpression(option.parent) ||
    !state.usages.some((usage) => usage.kind === 'startSpan' && usage.node === option.parent.parent)
  )
    return undefined;
  const symbol = state.checker.getSymbolAtLocation(variable);
  const declaration = localConst(state, symbol, spread);
  if (declaration === undefined || !ts.isObjectLiteralExpression(declaration.initializer))
    return undefined;
  const literal = declaration.initializer;
  // The span's kind and status are read from the tags written at the call.
  const own = literal.properties.map((property) =>
    property.name === undefined ? undefined : staticPropertyName(property.name, state.checker),
  );
  if (own.some((name) => name === 'span.kind' || name === 'error')) return undefined;
  // Every use is a spread in the tags of a `startSpan` call.
  let alone = true;
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      node !== declaration.name &&
      state.checker.getSymbolAtLocation(node) === symbol
    ) {
      const parent = node.parent;
      const option = ts.isSpreadAssignment(parent) ? parent.parent.parent : undefined;
      if (
        option === undefined ||
        !ts.isPropertyAssignment(option) ||
        staticPropertyName(option.name, state.checker) !== 'tags' ||
        !ts.isObjectLiteralExpression(option.parent) ||
        !state.usages.some(
          (usage) => usage.kind === 'startSpan' && usage.node === option.parent.parent,
        )
      )
        alone = false;
    }
    ts.forEachChild(node, visit);
  };
  visit(state.sourceFile);
  if (!alone) return undefined;
  const kinds = spreadKinds.get(state) ?? new Map<ts.Node, string>();
  spreadKinds.set(state, kinds);
  const known = kinds.get(literal);
  if (known !== undefined && known !== kind) return undefined;
  if (known === undefined) {
    const text = attributes(literal);
    if (text === undefined) return undefined;
    kinds.set(literal, kind);
    state.replaceRange(literal.getStart(state.sourceFile), literal.end, text, literal);
  }
  return `...${variable.text}`;
}

/**
 * `parent ? { childOf: parent } : {}` as `startSpan` options: the parent alone, `childOf: parent`
 * (OpenTracing ignores a missing one as the `{}` branch does). The condition is the parent to
 * follow (its type is the parent's outside the branch: maybe missing); the value, the same
 * variable, goes with it. Undefined for other options.
 * @internal
 */
export function conditionalChildOf(
  state: StartOptionsState,
  options: ts.Expression,
): { condition: ts.Identifier; value: ts.Identifier } | undefined {
  while (ts.isParenthesizedExpression(options)) options = options.expression;
  if (!ts.isConditionalExpression(options)) return undefined;
  const strip = (node: ts.Expression): ts.Expression =>
    ts.isParenthesizedExpression(node) ? strip(node.expression) : node;
  const [condition, whenTrue, whenFalse] = [
    strip(options.condition),
    strip(options.whenTrue),
    strip(options.whenFalse),
  ];
  if (
    !ts.isObjectLiteralExpression(whenTrue) ||
    !ts.isObjectLiteralExpression(whenFalse) ||
    whenFalse.properties.length !== 0 ||
    whenTrue.properties.length !== 1
  )
    return undefined;
  const [property] = whenTrue.properties;
  const value = ts.isShorthandPropertyAssignment(property)
    ? property.name
    : ts.isPropertyAssignment(property)
      ? property.initializer
      : undefined;
  if (
    value === undefined ||
    property.name === undefined ||
    staticPropertyName(property.name, state.checker) !== 'childOf' ||
    !ts.isIdentifier(condition) ||
    !ts.isIdentifier(value) ||
    condition.text !== value.text
  )
    return undefined;
  return { condition, value };
}

/**
 * The declaration of a `const` of this file, without a type annotation, with an initializer, in the
 * same function as `site`: a value the rewrite may read, and edit where it is written.
 */
function localConst(
  state: StartOptionsState,
  symbol: ts.Symbol | undefined,
  site: ts.Node,
): (ts.VariableDeclaration & { initializer: ts.Expression }) | undefined {
  const declaration = symbol?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.getSourceFile() !== state.sourceFile ||
    !ts.isVariableDeclarationList(declaration.parent) ||
    (declaration.parent.flags & ts.NodeFlags.Const) === 0 ||
    declaration.type !== undefined ||
    declaration.initializer === undefined ||
    enclosingFunction(declaration) !== enclosingFunction(site)
  )
    return undefined;
  return declaration as ts.VariableDeclaration & { initializer: ts.Expression };
}
