import { ts } from '@ts-morph/common';
import type { Crossing } from './crossing';
import { DeclarationUsers } from './declaration-users';
import { declarationSymbol, hasBody, isAmbient, isField } from './declarations';
import { isArrayCallback, isContainerOfOpenTracing } from './open-tracing-containers';
import { shortPath } from './short-path';
import { mentionsOpenTracing } from './syntax';

/**
 * The identifiers of every file given to the rewrite, by name, and the questions asked of them:
 * who refers to a declaration, what a call reaches. One walk per file, on first need; each
 * question then resolves only the identifiers of the right name.
 *
 * Who refers to a name is IdentifierIndex's, who uses a declaration DeclarationUsers'; here, where
 * calls and property reads lead, and who shares a field.
 * @internal
 */
export class ProgramIndex extends DeclarationUsers {
  private readonly fieldFiles = new Map<ts.Node, readonly string[]>();

  /**
   * A method of a container of OpenTracing objects (`spans.get(id)`, `active.getStore()`,
   * `stack.pop()`) whose variable or field is declared in the files given: the rewrite changes
   * its type argument, and every use with it. Peers: the file declaring it; undefined otherwise.
   */
  containerCall(call: ts.CallExpression | ts.NewExpression): Crossing | undefined {
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
      return undefined;
    const declaration = this.containerDeclaration(call.expression.expression);
    return declaration === undefined
      ? undefined
      : { peers: [declaration.getSourceFile().fileName] };
  }

  /** The variable or field of a container of OpenTracing objects, when the files given declare it. */
  containerDeclaration(receiver: ts.Expression): ts.Node | undefined {
    if (!isContainerOfOpenTracing(this.checker, this.checker.getTypeAtLocation(receiver)))
      return undefined;
    let name: ts.Node = receiver;
    while (ts.isParenthesizedExpression(name) || ts.isNonNullExpression(name))
      name = name.expression;
    const symbol = ts.isIdentifier(name)
      ? this.target(this.checker.getSymbolAtLocation(name))
      : ts.isPropertyAccessExpression(name)
        ? this.target(this.checker.getSymbolAtLocation(name.name))
        : undefined;
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || !this.isSource(declaration.getSourceFile().fileName))
      return undefined;
    return ts.isVariableDeclaration(declaration) || isField(declaration) ? declaration : undefined;
  }

  /**
   * Where a call or `new` sends its arguments (and gets its result): the file of the function it
   * reaches, when that is code of the rewrite; for a callback parameter (`work(span)` in
   * `traced(name, work)`), the files that pass the callback; else why it cannot be followed.
   */
  callTarget(call: ts.CallExpression | ts.NewExpression): Crossing {
    const callee = call.expression.getText(call.getSourceFile());
    const container = this.containerCall(call);
    if (container !== undefined) return container;
    // A callback parameter (`fn(span)` in `traced(name, fn)`, typed in TypeScript or in JSDoc):
    // the function comes from whoever calls the enclosing one.
    const parameter = ts.isIdentifier(call.expression)
      ? this.checker.getSymbolAtLocation(call.expression)?.valueDeclaration
      : undefined;
    if (
      parameter !== undefined &&
      ts.isParameter(parameter) &&
      ts.isFunctionLike(parameter.parent) &&
      hasBody(parameter.parent) &&
      this.isSource(parameter.getSourceFile().fileName)
    ) {
      const users = this.functionUsers(parameter.parent);
      if ('hard' in users) return users;
      return { peers: [...users.peers, parameter.getSourceFile().fileName] };
    }
    let declaration: ts.Node | undefined = this.checker.getResolvedSignature(call)?.declaration;
    if (declaration === undefined && ts.isNewExpression(call)) {
      // A class without a constructor of its own.
      declaration = this.checker.getSymbolAtLocation(call.expression)?.valueDeclaration;
      const resolved = this.target(this.checker.getSymbolAtLocation(call.expression));
      declaration = resolved?.valueDeclaration ?? declaration;
    }
    if (declaration === undefined) return { hard: `\`${callee}\` cannot be followed` };
    const file = declaration.getSourceFile().fileName;
    if (!this.isSource(file)) {
      return {
        hard: /[\\/]node_modules[\\/]/.test(file)
          ? `\`${callee}\` is a dependency's (node_modules)`
          : `\`${callee}\` is declared outside the paths given`,
      };
    }
    if (ts.isFunctionTypeNode(declaration) || ts.isConstructorTypeNode(declaration)) {
      // The type of a parameter: the function comes from whoever calls the enclosing one.
      const parameter = declaration.parent;
      if (ts.isParameter(parameter) && parameter.type === declaration) {
        const owner = parameter.parent;
        if (ts.isFunctionLike(owner)) {
          const users = this.functionUsers(owner);
          return 'hard' in users ? users : { peers: [...users.peers, file] };
        }
      }
      return { hard: `\`${callee}\` is a function value the codemod cannot follow` };
    }
    if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body !== undefined)
      return { peers: [file] };
    if (ts.isClassLike(declaration) && !isAmbient(declaration)) return { peers: [file] };
    // Overloads and ambient declarations of the rewrite's own code: the code is in that file.
    if (
      (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) &&
      !isAmbient(declaration)
    )
      return { peers: [file] };
    return { hard: `\`${callee}\` is a function value the codemod cannot follow` };
  }

  /**
   * Who calls a function-like declaration, for its parameters and its result: the users of its
   * name; for a callback written inline, the function it is given to.
   */
  functionUsers(fn: ts.SignatureDeclaration): Crossing {
    const users = this.functionUsersAmongAll(fn);
    if (!('peers' in users) || this.legacy.size === 0) return users;
    const own = fn.getSourceFile().fileName;
    const others = users.peers.filter((peer) => peer !== own);
    const legacy = others.filter((peer) => this.legacy.has(peer));
    if (legacy.length === 0) return users;
    const name = declarationSymbol(fn, this.checker)?.getName() ?? 'the function';
    // Called only by code that stays OpenTracing: an API of that code, whose entry converts.
    return legacy.length === others.length
      ? {
          hard: `\`${name}\` is called only from files that stay OpenTracing (${shortPath(own, legacy[0])})`,
        }
      : {
          hard: `\`${name}\` is called from ${shortPath(own, legacy[0])}, which stays OpenTracing, and from files that move`,
        };
  }

  private functionUsersAmongAll(fn: ts.SignatureDeclaration): Crossing {
    if (isArrayCallback(fn, this.checker)) return { peers: [] };
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      let outer: ts.Node = fn.parent;
      while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
      if ((ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.expression !== fn) {
        return this.callTarget(outer);
      }
      if (ts.isVariableDeclaration(outer) || ts.isPropertyDeclaration(outer))
        return this.usersOf(outer);
      return { hard: 'a function value the codemod cannot follow' };
    }
    return this.usersOf(fn);
  }

  /**
   * Where the value of a property comes from: the class that declares the field (its file), the
   * callers of the function whose parameter type lists it, the users of the interface; else why
   * not (a property of a dependency's object, say).
   */
  propertySource(access: ts.PropertyAccessExpression): Crossing {
    const symbol = this.target(this.checker.getSymbolAtLocation(access.name));
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const text = access.getText(access.getSourceFile());
    if (declaration === undefined) return { hard: `\`${text}\` cannot be followed` };
    const file = declaration.getSourceFile().fileName;
    if (!this.isSource(file)) {
      return {
        hard: /[\\/]node_modules[\\/]/.test(file)
          ? `\`${text}\` is a dependency's (node_modules)`
          : `\`${text}\` is declared outside the paths given`,
      };
    }
    if (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) {
      return { peers: [file] };
    }
    if (ts.isPropertySignature(declaration)) {
      // `options.tracer` with `options` a parameter: the object comes from the function's callers.
      const owner = access.expression;
      const bound = ts.isIdentifier(owner)
        ? this.checker.getSymbolAtLocation(owner)?.valueDeclaration
        : undefined;
      if (bound !== undefined && ts.isParameter(bound) && ts.isFunctionLike(bound.parent)) {
        // Hard when the callers are code the rewrite does not see (a library's API).
        const users = this.functionUsers(bound.parent);
        return 'hard' in users ? users : { peers: [...users.peers, file], field: true };
      }
      // A field of an interface of the rewrite (`ctx.contextValue.span`): its declaration changes
      // type with the rewrite, and every file that reads or writes it moves with that one.
      return { peers: [file], field: true };
    }
    return { hard: `\`${text}\` cannot be followed` };
  }

  /**
   * A field (of an interface, a type literal or a class of the files given) that a property
   * access, an object literal's property or a destructuring names, when its declared type is
   * OpenTracing's: the rewrite changes that type, so whoever reads or writes it moves with it.
   */
  sharedField(name: ts.Node): ts.Declaration | undefined {
    let declaration: ts.Node | undefined;
    if (isField(name.parent) && name.parent.name === name) declaration = name.parent;
    else {
      const symbol = this.propertySymbol(name);
      declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    }
    if (declaration === undefined || !isField(declaration)) return undefined;
    if (!this.isSource(declaration.getSourceFile().fileName)) return undefined;
    const type = this.checker.getTypeAtLocation(declaration.name);
    return mentionsOpenTracing(this.checker, type) ? declaration : undefined;
  }

  /** The property a name stands for: in a property access, an object literal, a destructuring. */
  private propertySymbol(name: ts.Node): ts.Symbol | undefined {
    const parent = name.parent;
    if (parent === undefined || !ts.isIdentifier(name)) return undefined;
    if (ts.isPropertyAccessExpression(parent) && parent.name === name)
      return this.target(this.checker.getSymbolAtLocation(name));
    if (
      (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) &&
      parent.name === name &&
      ts.isObjectLiteralExpression(parent.parent)
    ) {
      const contextual = this.checker.getContextualType(parent.parent);
      return contextual?.getNonNullableType().getProperty(name.text);
    }
    if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) {
      const key = parent.propertyName ?? parent.name;
      if (key !== name || !ts.isIdentifier(key)) return undefined;
      return this.checker
        .getTypeAtLocation(parent.parent)
        .getNonNullableType()
        .getProperty(key.text);
    }
    return undefined;
  }

  /** The files that read or write a field (see sharedField), its own aside. */
  fieldUsers(declaration: ts.Declaration): readonly string[] {
    const cached = this.fieldFiles.get(declaration);
    if (cached !== undefined) return cached;
    const name = ts.getNameOfDeclaration(declaration);
    const own = declaration.getSourceFile().fileName;
    const files = new Set<string>();
    if (name !== undefined && ts.isIdentifier(name)) {
      for (const [sourceFile, identifiers] of this.identifiers()) {
        if (sourceFile.fileName === own) continue;
        for (const id of identifiers.get(name.text) ?? []) {
          const symbol = this.propertySymbol(id);
          if (symbol === undefined) continue;
          if ((symbol.valueDeclaration ?? symbol.declarations?.[0]) === declaration) {
            files.add(sourceFile.fileName);
            break;
          }
        }
      }
    }
    const result = [...files].sort();
    this.fieldFiles.set(declaration, result);
    return result;
  }
}
