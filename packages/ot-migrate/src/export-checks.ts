import { ts } from '@ts-morph/common';
import type { CrossFile } from './cross-file';
import { shortPath } from './short-path';
import type { PlanState } from './plan-state';
import { mentionsOpenTracing } from './syntax';

// The rewrite planner's checks of what a file's declarations hand to other files: exported
// declarations and fields of OpenTracing types change type with the rewrite, so the files that use
// them move with this one, or this one stays.

/**
 * Exported declarations may not carry OpenTracing objects: other files would get OpenTelemetry
 * ones after the rewrite.
 * @internal
 */
export function checkExports(state: PlanState): void {
  for (const statement of state.sourceFile.statements) {
    const exported =
      (ts.getCombinedModifierFlags(statement as unknown as ts.Declaration) &
        ts.ModifierFlags.Export) !==
      0;
    if (!exported) continue;
    const names: [ts.Node, ts.Node | undefined][] = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((declaration) => [declaration, declaration.name])
      : ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)
        ? [[statement, statement.name]]
        : [];
    for (const [declaration, name] of names) {
      if (name === undefined) continue;
      const type = state.checker.getTypeAtLocation(name);
      if (!mentionsOpenTracing(state.checker, type)) continue;
      if (state.boundary?.keepsSignature(declaration)) continue;
      // The files that import it are rewritten with this one, or none is.
      const index = state.crossFile?.index;
      const users =
        index &&
        index.towardsLegacy(
          index.usersOf(declaration),
          state.sourceFile.fileName,
          `\`${name.getText(state.sourceFile)}\``,
        );
      if (users !== undefined && 'peers' in users) {
        state.crossFile?.peer(name, users.peers);
        continue;
      }
      const detail = users === undefined ? '' : ` (${users.hard})`;
      state.block(
        statement,
        `exports OpenTracing objects to other files${detail}: migrate them together by hand`,
      );
    }
  }
}

/**
 * Fields declared here with an OpenTracing type (`interface TracingContext { span?: Span }`): the
 * rewrite changes their type, so every file that reads or writes them moves with this one.
 * @internal
 */
export function checkSharedFields(state: PlanState, crossFile: CrossFile): void {
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) &&
      ts.isIdentifier(node.name)
    ) {
      const declaration = crossFile.index.sharedField(node.name);
      const users = declaration === undefined ? [] : crossFile.index.fieldUsers(declaration);
      const legacy = users.find((file) => crossFile.index.staysLegacy(file));
      if (legacy !== undefined) {
        state.block(
          node.name,
          `a field of an OpenTracing type that ${shortPath(state.sourceFile.fileName, legacy)} uses, which stays OpenTracing: it moves when that file does`,
        );
      } else if (declaration !== undefined) crossFile.peer(node.name, users);
    }
    ts.forEachChild(node, visit);
  };
  visit(state.sourceFile);
}
