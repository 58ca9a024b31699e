import type { ts } from '@ts-morph/common';
import type { PeerEdge } from './cross-file';
import { shortPath } from './short-path';

// Files that hand OpenTracing spans and tracers to each other are rewritten together or not at
// all: the groups are the connected parts of the graph of their peer edges.

/** One file as the grouping sees it. @internal */
export interface GroupMember {
  file: string;
  /** Why the file cannot be rewritten, its own reasons; empty when it can. */
  reasons: readonly string[];
  /** Where it hands objects to other files, and which. */
  edges: readonly PeerEdge[];
}

/** Files that move together, and, when they cannot, which file holds them back and why. @internal */
export interface FileGroup {
  files: string[];
  heldBackBy?: { file: string; reason: string };
}

/** The groups of a set of files: union-find over their peer edges, each group sorted. @internal */
export function findGroups(members: ReadonlyMap<string, GroupMember>): FileGroup[] {
  const parent = new Map<string, string>();
  const find = (file: string): string => {
    let root = file;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    // Path compression: later finds are direct.
    for (let current = file; current !== root;) {
      const next = parent.get(current) as string;
      parent.set(current, root);
      current = next;
    }
    return root;
  };
  for (const file of members.keys()) parent.set(file, file);
  for (const member of members.values()) {
    for (const edge of member.edges) {
      for (const peer of edge.peers) {
        if (!parent.has(peer)) parent.set(peer, peer);
        const [a, b] = [find(member.file), find(peer)];
        if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
      }
    }
  }
  const byRoot = new Map<string, string[]>();
  for (const file of parent.keys()) {
    const root = find(file);
    byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  return [...byRoot.values()]
    .map((files) => files.sort())
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map((files) => {
      const blocked = files.find((file) => (members.get(file)?.reasons.length ?? 1) > 0);
      if (blocked === undefined) return { files };
      const reason = members.get(blocked)?.reasons[0] ?? 'is not among the files read';
      return { files, heldBackBy: { file: blocked, reason } };
    });
}

/** Each file's neighbours by peer edges, found from either side, with its own edge node to each. */
export type Adjacency = Map<string, Map<string, ts.Node | undefined>>;

/** The peer graph of a set of files, undirected. @internal */
export function adjacency(members: ReadonlyMap<string, GroupMember>): Adjacency {
  const graph: Adjacency = new Map();
  const link = (from: string, to: string, node: ts.Node | undefined) => {
    let neighbours = graph.get(from);
    if (neighbours === undefined) {
      neighbours = new Map();
      graph.set(from, neighbours);
    }
    if (neighbours.get(to) === undefined) neighbours.set(to, node);
  };
  for (const member of members.values()) {
    for (const edge of member.edges) {
      for (const peer of edge.peers) {
        link(member.file, peer, edge.node);
        link(peer, member.file, undefined);
      }
    }
  }
  return graph;
}

/**
 * For the files of a held-back group that have no reasons of their own: the nearest file that has
 * (by peer edges), and their one TODO, on their edge towards it (else on their first edge).
 * @internal
 */
export function heldBackTodos(
  group: FileGroup,
  members: ReadonlyMap<string, GroupMember>,
  graph: Adjacency,
): Map<string, { node: ts.Node | undefined; reason: string }> {
  const reasonsOf = (file: string) => members.get(file)?.reasons ?? ['is not among the files read'];
  // Breadth first from every blocked file at once: each file learns its nearest one.
  const nearest = new Map<string, { blocked: string; hop: string }>();
  const queue: string[] = [];
  for (const file of group.files) {
    if (reasonsOf(file).length > 0) {
      nearest.set(file, { blocked: file, hop: file });
      queue.push(file);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head];
    const found = nearest.get(current) as { blocked: string };
    for (const next of graph.get(current)?.keys() ?? []) {
      if (nearest.has(next)) continue;
      nearest.set(next, { blocked: found.blocked, hop: current });
      queue.push(next);
    }
  }
  const todos = new Map<string, { node: ts.Node | undefined; reason: string }>();
  for (const file of group.files) {
    const found = nearest.get(file);
    if (found === undefined || found.blocked === file) continue;
    const node = graph.get(file)?.get(found.hop) ?? members.get(file)?.edges[0]?.node;
    todos.set(file, {
      node,
      reason: `moves with ${shortPath(file, found.blocked)}, which is blocked: ${reasonsOf(found.blocked)[0]}`,
    });
  }
  return todos;
}
