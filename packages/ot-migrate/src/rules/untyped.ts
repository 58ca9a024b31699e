// Usages on values without type information.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';

/**
 * A usage on a value without types: one TODO per value, where it is declared (where a JSDoc type
 * would give it one) when that is in this file, else at its first use.
 */
export function blockUntyped(plan: FilePlanning, usage: Usage): void {
  const callee = (usage.node as ts.CallExpression).expression as ts.PropertyAccessExpression;
  const receiver = callee.expression;
  const symbol = ts.isIdentifier(receiver) ? plan.checker.getSymbolAtLocation(receiver) : undefined;
  const declaration = symbol?.valueDeclaration;
  const local = declaration !== undefined && declaration.getSourceFile() === plan.sourceFile;
  const text = receiver.getText(plan.sourceFile);
  plan.block(
    local ? declaration : usage.node,
    `no type information for \`${text}\`: rewrite by hand`,
    local ? `declaration ${declaration.pos}` : text,
  );
}
