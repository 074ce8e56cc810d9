/**
 * The nodes of the sorted-set B+tree (zset-tree.ts) and the operations on them:
 * ordered search within a node, splits, merges and sharing between siblings.
 */

export const LEAF_MAX = 128
export const LEAF_MIN = 32
export const INNER_MAX = 64
export const INNER_MIN = 16

export class Leaf {
  members: string[]
  scores: number[]
  prev: Leaf | null = null
  next: Leaf | null = null

  constructor(members: string[], scores: number[]) {
    this.members = members
    this.scores = scores
  }
}

export class Inner {
  children: Node[]
  /** Elements under each child. */
  counts: number[]
  /** The largest pair under each child. */
  maxScores: number[]
  maxMembers: string[]

  constructor(children: Node[], counts: number[], maxScores: number[], maxMembers: string[]) {
    this.children = children
    this.counts = counts
    this.maxScores = maxScores
    this.maxMembers = maxMembers
  }
}

export type Node = Leaf | Inner

/** (s1, m1) < (s2, m2) in zset order. */
export function less(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2)
}

/** First index in a leaf whose pair is not below (s, m). */
export function leafLowerBound(leaf: Leaf, s: number, m: string): number {
  const ss = leaf.scores
  const ms = leaf.members
  let lo = 0
  let hi = ss.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (less(ss[mid] as number, ms[mid] as string, s, m)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The child of `node` whose range holds (s, m): the first whose largest pair is not below it, else the last. */
export function childFor(node: Inner, s: number, m: string): number {
  const ss = node.maxScores
  const ms = node.maxMembers
  let lo = 0
  let hi = ss.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (less(ss[mid] as number, ms[mid] as string, s, m)) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function nodeSize(n: Node): number {
  if (n instanceof Leaf) return n.members.length
  let t = 0
  for (const c of n.counts) t += c
  return t
}

export function lastScore(n: Node): number {
  return n instanceof Leaf ? (n.scores[n.scores.length - 1] as number) : (n.maxScores[n.maxScores.length - 1] as number)
}

export function lastMember(n: Node): string {
  return n instanceof Leaf ? (n.members[n.members.length - 1] as string) : (n.maxMembers[n.maxMembers.length - 1] as string)
}

export function width(n: Node): number {
  return n instanceof Leaf ? n.members.length : n.children.length
}

/** Moves the upper part of `n` from `at` into a new right sibling. */
export function splitNode(n: Node, at: number): Node {
  if (n instanceof Leaf) {
    const right = new Leaf(n.members.slice(at), n.scores.slice(at))
    n.members = n.members.slice(0, at)
    n.scores = n.scores.slice(0, at)
    right.next = n.next
    if (right.next !== null) right.next.prev = right
    n.next = right
    right.prev = n
    return right
  }
  const right = new Inner(n.children.slice(at), n.counts.slice(at), n.maxScores.slice(at), n.maxMembers.slice(at))
  n.children = n.children.slice(0, at)
  n.counts = n.counts.slice(0, at)
  n.maxScores = n.maxScores.slice(0, at)
  n.maxMembers = n.maxMembers.slice(0, at)
  return right
}

/** Appends `right`'s contents to `left` (its left sibling). */
export function mergeNodes(left: Node, right: Node): void {
  if (left instanceof Leaf && right instanceof Leaf) {
    left.members = left.members.concat(right.members)
    left.scores = left.scores.concat(right.scores)
    left.next = right.next
    if (left.next !== null) left.next.prev = left
    return
  }
  const l = left as Inner
  const r = right as Inner
  l.children = l.children.concat(r.children)
  l.counts = l.counts.concat(r.counts)
  l.maxScores = l.maxScores.concat(r.maxScores)
  l.maxMembers = l.maxMembers.concat(r.maxMembers)
}

/** Evens out two siblings. */
export function shareNodes(left: Node, right: Node): void {
  const total = width(left) + width(right)
  const at = total >>> 1
  if (left instanceof Leaf && right instanceof Leaf) {
    const ms = left.members.concat(right.members)
    const ss = left.scores.concat(right.scores)
    left.members = ms.slice(0, at)
    left.scores = ss.slice(0, at)
    right.members = ms.slice(at)
    right.scores = ss.slice(at)
    return
  }
  const l = left as Inner
  const r = right as Inner
  const cs = l.children.concat(r.children)
  const ns = l.counts.concat(r.counts)
  const xs = l.maxScores.concat(r.maxScores)
  const xm = l.maxMembers.concat(r.maxMembers)
  l.children = cs.slice(0, at)
  l.counts = ns.slice(0, at)
  l.maxScores = xs.slice(0, at)
  l.maxMembers = xm.slice(0, at)
  r.children = cs.slice(at)
  r.counts = ns.slice(at)
  r.maxScores = xs.slice(at)
  r.maxMembers = xm.slice(at)
}

/** After a bulk build: the last node of a level shares with its neighbour when short. */
export function balanceTail(level: Node[], min: number): void {
  if (level.length < 2) return
  const last = level[level.length - 1] as Node
  if (width(last) >= min) return
  shareNodes(level[level.length - 2] as Node, last)
}
