import { ts } from '@ts-morph/common';
import type { ProgramIndex } from './program-index';

/**
 * Reads and writes of a field made through another type's property of the same name, on an object
 * that may be one holding the field: `holder.span` with `holder: { span?: Span }`, given a
 * `RequestContext` (whose type is assignable to the holder's); and by index, `ctx['span']`. References to the field's own
 * symbol miss them; a rule that must see every read or write of the field checks these too.
 * @internal
 */
export function structuralAccesses(
  index: ProgramIndex,
  field: ts.Symbol,
): (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] {
  const checker = index.checker;
  const owner = field.valueDeclaration?.parent;
  if (owner === undefined) return [];
  // An interface's or class's type is read at its name; a type literal's at itself.
  const named =
    (ts.isInterfaceDeclaration(owner) || ts.isClassLike(owner)) && owner.name !== undefined;
  const ownerType = checker.getTypeAtLocation(named ? owner.name : owner);
  const name = field.getName();
  const found: (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] = [];
  const visit = (node: ts.Node): void => {
    // `holder.span` through another type's property, and `ctx['span']` through any.
    const other =
      (ts.isPropertyAccessExpression(node) &&
        node.name.text === name &&
        checker.getSymbolAtLocation(node.name) !== field) ||
      (ts.isElementAccessExpression(node) &&
        ts.isStringLiteralLike(node.argumentExpression) &&
        node.argumentExpression.text === name);
    if (other) {
      const receiver = checker.getNonNullableType(checker.getTypeAtLocation(node.expression));
      if (checker.isTypeAssignableTo(ownerType, receiver)) found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of index.program.getSourceFiles()) {
    if (index.isSource(sourceFile.fileName) && sourceFile.text.includes(name)) visit(sourceFile);
  }
  return found;
}

/** Whether a property read is written to (`x.span = …`, `x.span ??= …`, `delete x.span`). */
export function isWrittenTo(access: ts.Expression): boolean {
  let node: ts.Node = access;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isDeleteExpression(parent)) return true;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

/**
 * Whether an object literal of the files given sets the field (`{ span }`, `{ span: s }`), by
 * the contextual type of the literal: a write that references to the field's symbol miss.
 * @internal
 */
export function givenInObjectLiteral(index: ProgramIndex, field: ts.Symbol): boolean {
  const checker = index.checker;
  const name = field.getName();
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      ts.isObjectLiteralExpression(node.parent)
    ) {
      const contextual = checker.getContextualType(node.parent);
      const members =
        contextual === undefined ? [] : contextual.isUnion() ? contextual.types : [contextual];
      if (members.some((member) => member.getProperty(name) === field)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  for (const sourceFile of index.program.getSourceFiles()) {
    if (index.isSource(sourceFile.fileName) && sourceFile.text.includes(name)) visit(sourceFile);
  }
  return found;
}
