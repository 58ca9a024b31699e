import { ts } from '@ts-morph/common';

// What a declaration is (a field, code without a body), what it declares, and where other modules
// reach it: the shapes the program index follows declarations through.

/** Whether a function-like declaration has code of its own (a body). @internal */
export function hasBody(fn: ts.SignatureDeclaration): boolean {
  return 'body' in fn && fn.body !== undefined;
}

/**
 * A field: of an interface or type literal, of a class, or a constructor's parameter property.
 * @internal
 */
export function isField(
  node: ts.Node,
): node is ts.PropertySignature | ts.PropertyDeclaration | ts.ParameterDeclaration {
  return (
    ts.isPropertySignature(node) ||
    ts.isPropertyDeclaration(node) ||
    (ts.isParameter(node) &&
      ts.isConstructorDeclaration(node.parent) &&
      ts.isParameterPropertyDeclaration(node, node.parent))
  );
}

/** Whether a declaration has no code of its own: `declare`d, or in a declaration file. @internal */
export function isAmbient(node: ts.Node): boolean {
  if (node.getSourceFile().isDeclarationFile) return true;
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
    if (
      ts.canHaveModifiers(current) &&
      (ts.getCombinedModifierFlags(current as ts.Declaration) & ts.ModifierFlags.Ambient) !== 0
    )
      return true;
  }
  return false;
}

/** The symbol a declaration declares: for a constructor, its class. @internal */
export function declarationSymbol(
  declaration: ts.Node,
  checker: ts.TypeChecker,
): ts.Symbol | undefined {
  if (ts.isConstructorDeclaration(declaration)) {
    const owner = declaration.parent;
    return owner.name === undefined ? undefined : checker.getSymbolAtLocation(owner.name);
  }
  if (ts.isVariableStatement(declaration)) {
    const [first] = declaration.declarationList.declarations;
    return first === undefined ? undefined : checker.getSymbolAtLocation(first.name);
  }
  const name = ts.getNameOfDeclaration(declaration as ts.Declaration);
  if (name !== undefined) return checker.getSymbolAtLocation(name);
  if (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) {
    const parent = declaration.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent))
      return checker.getSymbolAtLocation(parent.name);
  }
  return undefined;
}

/**
 * The top-level declaration through which other modules reach a declaration: itself, or for a
 * member, its class; none for a private or protected member, which only its class and subclasses
 * reach.
 * @internal
 */
export function exportedContainer(declaration: ts.Node): ts.Node | undefined {
  let node: ts.Node = declaration;
  if (ts.isConstructorDeclaration(node)) node = node.parent;
  if (
    ts.isClassElement(node) ||
    (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent))
  ) {
    const flags = ts.getCombinedModifierFlags(node);
    if ((flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) return undefined;
    if (ts.isClassElement(node) && node.name !== undefined && ts.isPrivateIdentifier(node.name))
      return undefined;
    node = ts.isParameter(node) ? node.parent.parent : node.parent;
  }
  if (ts.isVariableDeclaration(node)) node = node.parent.parent;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent)) node = parent.parent.parent;
  }
  return ts.isSourceFile(node.parent) ? node : undefined;
}
