/**
 * The order of a sorted set: an order-statistics B+tree of (score, member)
 * pairs, ties broken by member bytes. Leaves hold parallel arrays of members and
 * scores (a packed double array costs 8 bytes a score) and link to their
 * neighbours; inner nodes keep each child's element count and largest pair, so
 * insert, delete, rank, select-by-rank and bound searches are O(log n).
 */

import {
  balanceTail,
  childFor,
  INNER_MAX,
  INNER_MIN,
  Inner,
  LEAF_MAX,
  LEAF_MIN,
  Leaf,
  lastMember,
  lastScore,
  leafLowerBound,
  less,
  mergeNodes,
  nodeSize,
  shareNodes,
  splitNode,
  width,
  type Node,
} from './zset-node.js'

export { Leaf } from './zset-node.js'

/** A position in the tree: a leaf and an index in it. */
export interface Cursor {
  leaf: Leaf | null
  index: number
}

export class ZsetTree {
  private root: Node = new Leaf([], [])
  size = 0

  /** Builds a tree from pairs already in zset order. */
  static fromSorted(members: string[], scores: number[]): ZsetTree {
    const t = new ZsetTree()
    const n = members.length
    if (n === 0) return t
    let level: Node[] = []
    let prev: Leaf | null = null
    for (let i = 0; i < n; i += LEAF_MAX) {
      const leaf = new Leaf(members.slice(i, i + LEAF_MAX), scores.slice(i, i + LEAF_MAX))
      leaf.prev = prev
      if (prev !== null) prev.next = leaf
      prev = leaf
      level.push(leaf)
    }
    // a short last node would break the minimum fill: even it out with its neighbour
    balanceTail(level, LEAF_MIN)
    while (level.length > 1) {
      const up: Node[] = []
      for (let i = 0; i < level.length; i += INNER_MAX) {
        const kids = level.slice(i, i + INNER_MAX)
        up.push(new Inner(kids, kids.map(nodeSize), kids.map(lastScore), kids.map(lastMember)))
      }
      balanceTail(up, INNER_MIN)
      level = up
    }
    t.root = level[0] as Node
    t.size = n
    return t
  }

  /** Inserts a pair that is not in the tree. */
  insert(s: number, m: string): void {
    const path: Inner[] = []
    const idx: number[] = []
    const leaf = this.descend(s, m, path, idx)
    const pos = leafLowerBound(leaf, s, m)
    const oldLen = leaf.members.length
    if (pos === oldLen) {
      leaf.members.push(m)
      leaf.scores.push(s)
    } else {
      leaf.members.splice(pos, 0, m)
      leaf.scores.splice(pos, 0, s)
    }
    this.size++
    for (let l = path.length - 1; l >= 0; l--) {
      const p = path[l] as Inner
      const i = idx[l] as number
      ;(p.counts[i] as number)++
      const c = p.children[i] as Node
      p.maxScores[i] = lastScore(c)
      p.maxMembers[i] = lastMember(c)
    }
    if (oldLen < LEAF_MAX) return
    // sequential inserts at either end of the set fill leaves completely
    let split = oldLen + 1 >>> 1
    if (pos === oldLen && leaf.next === null) split = oldLen
    else if (pos === 0 && leaf.prev === null) split = 1
    this.splitUp(path, idx, split)
  }

  /** The leaf where (s, m) belongs, recording the inner nodes and child indexes on the way down. */
  private descend(s: number, m: string, path: Inner[], idx: number[]): Leaf {
    let node = this.root
    while (node instanceof Inner) {
      const i = childFor(node, s, m)
      path.push(node)
      idx.push(i)
      node = node.children[i] as Node
    }
    return node
  }

  /** Splits the overfull node at the bottom of `path` at `at`, then any ancestor that overflows. */
  private splitUp(path: Inner[], idx: number[], at: number): void {
    let node: Node
    {
      const l = path.length - 1
      node = l < 0 ? this.root : ((path[l] as Inner).children[idx[l] as number] as Node)
    }
    let split = at
    for (let l = path.length - 1; ; l--) {
      const right = splitNode(node, split)
      if (l < 0) {
        this.root = new Inner([node, right], [nodeSize(node), nodeSize(right)], [lastScore(node), lastScore(right)], [lastMember(node), lastMember(right)])
        return
      }
      const p = path[l] as Inner
      const i = idx[l] as number
      const total = p.counts[i] as number
      const rightSize = nodeSize(right)
      p.counts[i] = total - rightSize
      p.maxScores[i] = lastScore(node)
      p.maxMembers[i] = lastMember(node)
      p.children.splice(i + 1, 0, right)
      p.counts.splice(i + 1, 0, rightSize)
      p.maxScores.splice(i + 1, 0, lastScore(right))
      p.maxMembers.splice(i + 1, 0, lastMember(right))
      const w = p.children.length
      if (w <= INNER_MAX) return
      let rightmost = true
      let leftmost = true
      for (let k = 0; k < l; k++) {
        const a = path[k] as Inner
        if (idx[k] !== a.children.length - 1) rightmost = false
        if (idx[k] !== 0) leftmost = false
      }
      split = w >>> 1
      if (rightmost && i + 1 === w - 1) split = w - 1
      else if (leftmost && i === 0) split = 1
      node = p
    }
  }

  /** Removes a pair; false when absent. */
  delete(s: number, m: string): boolean {
    const path: Inner[] = []
    const idx: number[] = []
    const leaf = this.descend(s, m, path, idx)
    const pos = leafLowerBound(leaf, s, m)
    if (leaf.members[pos] !== m || leaf.scores[pos] !== s) return false
    this.removeAt(path, idx, leaf, pos)
    return true
  }

  private removeAt(path: Inner[], idx: number[], leaf: Leaf, pos: number): void {
    if (pos === leaf.members.length - 1) {
      leaf.members.pop()
      leaf.scores.pop()
    } else {
      leaf.members.splice(pos, 1)
      leaf.scores.splice(pos, 1)
    }
    this.size--
    for (let l = path.length - 1; l >= 0; l--) {
      const p = path[l] as Inner
      const i = idx[l] as number
      ;(p.counts[i] as number)--
      const c = p.children[i] as Node
      if (width(c) !== 0) {
        p.maxScores[i] = lastScore(c)
        p.maxMembers[i] = lastMember(c)
      } else if (i > 0) {
        // an emptied leaf is merged away below; until then it borrows its left sibling's bound
        p.maxScores[i] = p.maxScores[i - 1] as number
        p.maxMembers[i] = p.maxMembers[i - 1] as string
      }
    }
    this.rebalance(path, idx)
  }

  /** Restores minimum fill from the bottom of `path` up, merging or sharing with a sibling. */
  private rebalance(path: Inner[], idx: number[]): void {
    for (let l = path.length - 1; l >= 0; l--) {
      const p = path[l] as Inner
      const i = idx[l] as number
      const c = p.children[i] as Node
      const min = c instanceof Leaf ? LEAF_MIN : INNER_MIN
      const max = c instanceof Leaf ? LEAF_MAX : INNER_MAX
      if (width(c) >= min || p.children.length === 1) break
      const li = i > 0 ? i - 1 : i
      const left = p.children[li] as Node
      const right = p.children[li + 1] as Node
      if (width(left) + width(right) <= max) {
        mergeNodes(left, right)
        p.counts[li] = (p.counts[li] as number) + (p.counts[li + 1] as number)
        p.maxScores[li] = lastScore(left)
        p.maxMembers[li] = lastMember(left)
        p.children.splice(li + 1, 1)
        p.counts.splice(li + 1, 1)
        p.maxScores.splice(li + 1, 1)
        p.maxMembers.splice(li + 1, 1)
      } else {
        shareNodes(left, right)
        p.counts[li] = nodeSize(left)
        p.counts[li + 1] = nodeSize(right)
        p.maxScores[li] = lastScore(left)
        p.maxMembers[li] = lastMember(left)
        break
      }
    }
    let r = this.root
    while (r instanceof Inner && r.children.length === 1) r = r.children[0] as Node
    this.root = r
  }

  /** Rank (0-based) of a pair in the tree, or -1. */
  rank(s: number, m: string): number {
    let node = this.root
    let rank = 0
    while (node instanceof Inner) {
      const i = childFor(node, s, m)
      for (let k = 0; k < i; k++) rank += node.counts[k] as number
      node = node.children[i] as Node
    }
    const pos = leafLowerBound(node, s, m)
    if (node.members[pos] !== m || node.scores[pos] !== s) return -1
    return rank + pos
  }

  /** A cursor at `rank` (0 <= rank < size). */
  at(rank: number): Cursor {
    let node = this.root
    let r = rank
    while (node instanceof Inner) {
      const counts = node.counts
      let i = 0
      while (i < counts.length - 1 && r >= (counts[i] as number)) {
        r -= counts[i] as number
        i++
      }
      node = node.children[i] as Node
    }
    return { leaf: node, index: r }
  }

  /** Number of elements with a score below `x`, or not above `x` when `orEqual`. */
  countByScore(x: number, orEqual: boolean): number {
    let node = this.root
    let rank = 0
    while (node instanceof Inner) {
      const ss = node.maxScores
      let i = 0
      const last = ss.length - 1
      while (i < last && (orEqual ? (ss[i] as number) <= x : (ss[i] as number) < x)) rank += node.counts[i++] as number
      node = node.children[i] as Node
    }
    const ss = node.scores
    let lo = 0
    let hi = ss.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (orEqual ? (ss[mid] as number) <= x : (ss[mid] as number) < x) lo = mid + 1
      else hi = mid
    }
    return rank + lo
  }

  /**
   * Number of elements with a member below `x`, or not above `x` when
   * `orEqual`. Meaningful when all scores are equal (lexicographical ranges).
   * The twin of countByScore, kept apart so that each compares one type: a
   * shared generic version measured about 1.5-2x slower.
   */
  countByMember(x: string, orEqual: boolean): number {
    let node = this.root
    let rank = 0
    while (node instanceof Inner) {
      const ms = node.maxMembers
      let i = 0
      const last = ms.length - 1
      while (i < last && (orEqual ? (ms[i] as string) <= x : (ms[i] as string) < x)) rank += node.counts[i++] as number
      node = node.children[i] as Node
    }
    const ms = node.members
    let lo = 0
    let hi = ms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (orEqual ? (ms[mid] as string) <= x : (ms[mid] as string) < x) lo = mid + 1
      else hi = mid
    }
    return rank + lo
  }

  /** Pairs in order from the first leaf. */
  firstLeaf(): Leaf {
    let node = this.root
    while (node instanceof Inner) node = node.children[0] as Node
    return node
  }

  /** Visits `count` pairs from `rank`, forwards or backwards. */
  walk(rank: number, count: number, reverse: boolean, visit: (member: string, score: number) => void): void {
    if (count <= 0) return
    const c = this.at(rank)
    let leaf: Leaf | null = c.leaf
    let i = c.index
    while (leaf !== null && count > 0) {
      const ms = leaf.members
      const ss = leaf.scores
      if (reverse) {
        for (; i >= 0 && count > 0; i--, count--) visit(ms[i] as string, ss[i] as number)
        leaf = leaf.prev
        if (leaf !== null) i = leaf.members.length - 1
      } else {
        for (; i < ms.length && count > 0; i++, count--) visit(ms[i] as string, ss[i] as number)
        leaf = leaf.next
        i = 0
      }
    }
  }

  /**
   * Counts the members from `rank` on, upwards (downwards when `reverse`), for
   * which `test` holds, stopping at the first that fails or after `max`.
   */
  countWhile(rank: number, reverse: boolean, max: number, test: (member: string) => boolean): number {
    if (rank < 0 || rank >= this.size || max <= 0) return 0
    const c = this.at(rank)
    let leaf: Leaf | null = c.leaf
    let i = c.index
    let n = 0
    while (leaf !== null) {
      const ms = leaf.members
      if (reverse) {
        for (; i >= 0; i--) {
          if (n >= max || !test(ms[i] as string)) return n
          n++
        }
        leaf = leaf.prev
        if (leaf !== null) i = leaf.members.length - 1
      } else {
        for (; i < ms.length; i++) {
          if (n >= max || !test(ms[i] as string)) return n
          n++
        }
        leaf = leaf.next
        i = 0
      }
    }
    return n
  }

  /** Removes the element at `rank`; returns it. */
  deleteAt(rank: number): [string, number] {
    const path: Inner[] = []
    const idx: number[] = []
    let node = this.root
    let r = rank
    while (node instanceof Inner) {
      const counts = node.counts
      let i = 0
      while (i < counts.length - 1 && r >= (counts[i] as number)) {
        r -= counts[i] as number
        i++
      }
      path.push(node)
      idx.push(i)
      node = node.children[i] as Node
    }
    const out: [string, number] = [node.members[r] as string, node.scores[r] as number]
    this.removeAt(path, idx, node, r)
    return out
  }

  clear(): void {
    this.root = new Leaf([], [])
    this.size = 0
  }

  /**
   * Checks the invariants (tests). Nodes below the minimum fill are allowed
   * only at either end of a level (sequential inserts leave them there).
   */
  check(): void {
    const seen: { count: number; prev: Leaf | null } = { count: 0, prev: null }
    const short = new Map<number, number>()
    const underfull = (depth: number): void => {
      const n = (short.get(depth) ?? 0) + 1
      if (n > 2) throw new Error(`more than two short nodes at depth ${depth}`)
      short.set(depth, n)
    }
    const visit = (n: Node, depth: number, isRoot: boolean): number => {
      if (n instanceof Leaf) {
        if (!isRoot && n.members.length === 0) throw new Error('empty leaf')
        if (!isRoot && n.members.length < LEAF_MIN) underfull(depth)
        if (n.members.length > LEAF_MAX) throw new Error('leaf overfull')
        if (n.prev !== seen.prev) throw new Error('broken leaf links')
        if (seen.prev !== null && seen.prev.next !== n) throw new Error('broken next link')
        seen.prev = n
        seen.count += n.members.length
        return depth
      }
      if (n.children.length === 0 || (isRoot && n.children.length === 1)) throw new Error('degenerate inner node')
      if (!isRoot && n.children.length < INNER_MIN) underfull(depth)
      if (n.children.length > INNER_MAX) throw new Error('inner overfull')
      let d = -1
      n.children.forEach((c, i) => {
        if (nodeSize(c) !== n.counts[i]) throw new Error('bad count')
        if (lastScore(c) !== n.maxScores[i] || lastMember(c) !== n.maxMembers[i]) throw new Error('bad max')
        const cd = visit(c, depth + 1, false)
        if (d >= 0 && cd !== d) throw new Error('unbalanced')
        d = cd
      })
      return d
    }
    visit(this.root, 0, true)
    if (seen.prev !== null && seen.prev.next !== null) throw new Error('last leaf has a next')
    if (seen.count !== this.size) throw new Error(`size ${this.size} but ${seen.count} elements`)
    let prevS = -Infinity
    let prevM: string | null = null
    for (let leaf: Leaf | null = this.firstLeaf(); leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) {
        const s = leaf.scores[i] as number
        const m = leaf.members[i] as string
        if (prevM !== null && !less(prevS, prevM, s, m)) throw new Error('out of order')
        prevS = s
        prevM = m
      }
    }
  }
}
