import { ts } from '@ts-morph/common';

// How an identifier refers to what it names: imported, exported (ES or CommonJS), declared,
// called, read, used as a type, or handed on as a value.

/** How an identifier refers to what it names. @internal */
export type ReferenceKind =
  'declaration' | 'import' | 'export' | 'call' | 'type' | 'member' | 'heritage' | 'read' | 'value';

/** How an identifier refers to what it names. @internal */
export function referenceKind(id: ts.Identifier): ReferenceKind {
  const parent = id.parent;
  if (
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent)
  )
    return 'import';
  if (ts.isBindingElement(parent) && parent.name === id) {
    const declaration = parent.parent.parent;
    return ts.isVariableDeclaration(declaration) && isRequire(declaration.initializer)
      ? 'import'
      : 'declaration';
  }
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return 'export';
  if (isCommonJsExport(id)) return 'export';
  const declared = ts.getNameOfDeclaration(parent as ts.Declaration);
  if (declared === id && !ts.isPropertyAccessExpression(parent)) return 'declaration';
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id)
    return 'call';
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) {
    const outer = parent.parent;
    if ((ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.expression === parent)
      return 'call';
    return 'read';
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword &&
    parent.right === id
  )
    return 'type';
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) return 'member';
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent))
    return parent.parent.token === ts.SyntaxKind.ExtendsKeyword ? 'heritage' : 'type';
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent))
    return 'type';
  if (ts.isJSDoc(parent) || isInJsDoc(id)) return 'type';
  return 'value';
}

function isInJsDoc(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
    if (ts.isJSDoc(current) || ts.isJSDocTypeExpression(current)) return true;
    if (ts.isStatement(current)) return false;
  }
  return false;
}

/** `require(…)`: a CommonJS import. */
export function isRequire(node: ts.Node | undefined): boolean {
  return (
    node !== undefined &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require'
  );
}

/** `module.exports = { f }`, `module.exports = f`, `exports.f = f`: f is exported. */
export function isCommonJsExport(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  if (ts.isShorthandPropertyAssignment(node.parent)) node = node.parent.parent;
  else if (ts.isPropertyAssignment(node.parent) && node.parent.initializer === node)
    node = node.parent.parent;
  const assignment = node.parent;
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    assignment.right !== node
  )
    return false;
  const text = assignment.left.getText(id.getSourceFile());
  return /^(module\.)?exports\b/.test(text);
}
