import { ts } from '@ts-morph/common';

// One TODO per cause: the planner finds an obstacle at every place it shows, and a person decides
// once, where the thing is declared or first used.

/** A reason a site cannot be rewritten. */
export interface Blocker {
  node: ts.Node;
  reason: string;
  /**
   * What the reason is about (a type, a constant, a variable without types): blockers with the
   * same reason and subject are one cause, reported once, at the first of them.
   */
  subject?: string;
}

const EXPORTS = 'exports OpenTracing objects to other files';

/**
 * The blockers a person acts on: one per cause, in the order found. Blockers with the same reason
 * about the same subject (or the same variable) become the first of them; what follows from an
 * exported function's export (its parameters come from other files, what it returns goes there,
 * and its callers here get what it returns) goes with the export's TODO, and the exports become one
 * TODO naming them all.
 * @internal
 */
export function oneTodoPerCause(blockers: readonly Blocker[], checker: ts.TypeChecker): Blocker[] {
  const exported = blockers.filter((blocker) => blocker.reason.startsWith(EXPORTS));
  const exportedNodes = new Set(exported.map(({ node }) => node));
  const kept: Blocker[] = [];
  for (const blocker of blockers) {
    if (exportedNodes.has(blocker.node)) {
      // One decision for the file: the first export's TODO, naming the others.
      if (blocker !== exported[0]) continue;
      const others = [...exportedNodes].slice(1).flatMap(declaredNames);
      kept.push({
        node: blocker.node,
        reason:
          others.length === 0
            ? blocker.reason
            : `${blocker.reason} (also exported: ${others.map((name) => `\`${name}\``).join(', ')})`,
      });
    } else if (!followsFromExport(blocker, exportedNodes, checker)) {
      kept.push(blocker);
    }
  }
  // In the order found (the first is the file's headline reason), each at its earliest place.
  const causes = new Map<string, Blocker>();
  const once: Blocker[] = [];
  for (const blocker of kept) {
    const key = causeOf(blocker, checker);
    const known = key === undefined ? undefined : causes.get(key);
    if (known === undefined) {
      const copy = { ...blocker };
      if (key !== undefined) causes.set(key, copy);
      once.push(copy);
    } else if (blocker.node.getStart() < known.node.getStart()) {
      known.node = blocker.node;
    }
  }
  return once;
}

/** Blockers are one cause when they have the same reason about the same subject or variable. */
function causeOf(blocker: Blocker, checker: ts.TypeChecker): string | undefined {
  if (blocker.subject !== undefined) return `${blocker.reason}\0${blocker.subject}`;
  if (!ts.isIdentifier(blocker.node)) return undefined;
  const symbol = checker.getSymbolAtLocation(blocker.node);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (declaration === undefined) return undefined;
  return `${blocker.reason}\0${declaration.getSourceFile().fileName}:${declaration.pos}`;
}

/**
 * Whether a blocker only says what an exported function's export implies: it receives its
 * parameters from other files, hands what it returns to them, and this file's callers get what it
 * returns from a function others call too.
 */
function followsFromExport(
  blocker: Blocker,
  exported: ReadonlySet<ts.Node>,
  checker: ts.TypeChecker,
): boolean {
  if (exported.size === 0) return false;
  const { node, reason } = blocker;
  if (reason.startsWith('receives ') && ts.isParameter(node.parent))
    return isExported(node.parent.parent, exported);
  if (reason.startsWith('passes ')) {
    const fn = ts.isReturnStatement(node.parent)
      ? enclosingFunction(node.parent)
      : ts.isArrowFunction(node.parent) && node.parent.body === node
        ? node.parent
        : undefined;
    return fn !== undefined && isExported(fn, exported);
  }
  if (reason.startsWith('gets ') && ts.isCallExpression(node)) {
    const declaration = checker.getSymbolAtLocation(node.expression)?.valueDeclaration;
    const fn =
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined
        ? declaration.initializer
        : declaration;
    return fn !== undefined && isExported(fn, exported);
  }
  return false;
}

/**
 * Whether a function is called from other files through an export blocked already: an exported
 * function, a function in an exported `const`, a method of an exported class.
 */
function isExported(fn: ts.Node, exported: ReadonlySet<ts.Node>): boolean {
  if (exported.has(fn)) return true;
  const owner = fn.parent;
  if ((ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn)) && ts.isClassLike(owner))
    return exported.has(owner);
  if (ts.isVariableDeclaration(owner) && owner.initializer === fn)
    return exported.has(owner.parent.parent);
  return false;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current !== undefined && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

function declaredNames(statement: ts.Node): string[] {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.map((declaration) => declaration.name.getText());
  const name = (statement as { name?: ts.Node }).name;
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : [];
}
