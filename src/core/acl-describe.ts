/**
 * Users described as rules (ACL LIST, GETUSER) the way Redis 7.0 derives them
 * from the bitmaps: `+@all` or `-@all`, then categories picked greedily while
 * one fits better than not, then single commands (subcommands after their
 * container, first arguments last). Redis lists the single commands in its hash
 * table's order, which changes from run to run; here they follow the table.
 */
import { ACL_ORDER, type AclCategory } from '../commands/define.js'
import { ACL_READ, ACL_WRITE, Selector, type Acl, type KeyPattern, type User } from './acl.js'
import { setCategory, setCommandBit } from './acl-rules.js'

function countCategory(acl: Acl, sel: Selector, cat: AclCategory): [on: number, off: number] {
  let on = 0
  let off = 0
  const list = acl.index.list
  for (let i = 0; i < list.length; i++) {
    if (!(list[i] as { categories: readonly AclCategory[] }).categories.includes(cat)) continue
    if (sel.allowed[i] === 1) on++
    else off++
  }
  return [on, off]
}

/** The command rules of a selector: `-@all +@hash -hdel +get +client|list`. */
export function describeCommands(acl: Acl, sel: Selector): string {
  const index = acl.index
  const additive = !sel.allCommands
  const rules: string[] = [additive ? '-@all' : '+@all']
  const fake = new Selector(index.size)
  if (!additive) fake.allowed.fill(1)
  // a scratch copy that loses each applied category, so later picks count only what is left
  const temp = sel.clone()
  const applied = new Set<AclCategory>()
  for (;;) {
    let best: AclCategory | null = null
    let minDiff = Infinity
    let maxSame = 0
    for (const cat of ACL_ORDER) {
      if (applied.has(cat)) continue
      const [on, off] = countCategory(acl, temp, cat)
      const diff = additive ? off : on
      const same = additive ? on : off
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = cat
        minDiff = diff
        maxSame = same
      }
    }
    if (best === null) break
    setCategory(index, fake, best, additive)
    setCategory(index, temp, best, !additive)
    rules.push(`${additive ? '+' : '-'}@${best}`)
    applied.add(best)
  }
  for (const cmd of index.top) {
    const id = index.id(cmd)
    const want = sel.allowed[id] === 1
    if ((fake.allowed[id] === 1) !== want) {
      rules.push(`${want ? '+' : '-'}${cmd.name}`)
      setCommandBit(index, fake, cmd, want)
    }
    if (cmd.subs !== null) {
      for (const sub of new Set(cmd.subs.values())) {
        const sid = index.id(sub)
        const subWant = sel.allowed[sid] === 1
        if ((fake.allowed[sid] === 1) !== subWant) {
          rules.push(`${subWant ? '+' : '-'}${sub.fullName}`)
          setCommandBit(index, fake, sub, subWant)
        }
      }
    }
    if (!want) for (const arg of sel.firstArgs.get(id) ?? []) rules.push(`+${cmd.name}|${arg}`)
  }
  return rules.join(' ')
}

function describeKey(k: KeyPattern): string {
  if (k.flags === (ACL_READ | ACL_WRITE)) return `~${k.pattern}`
  return `%${k.flags === ACL_READ ? 'R' : 'W'}~${k.pattern}`
}

/** GETUSER's `keys`: `~*`, or the patterns (empty when none). */
export function describeKeys(sel: Selector): string {
  return sel.allKeys ? '~*' : sel.keys.map(describeKey).join(' ')
}

/** GETUSER's `channels`: `&*`, or the patterns (empty when none). */
export function describeChannels(sel: Selector): string {
  return sel.allChannels ? '&*' : sel.channels.map((c) => `&${c}`).join(' ')
}

/** A selector as ACL LIST writes it: keys, channels (after `resetchannels` unless all), commands. */
export function describeSelector(acl: Acl, sel: Selector): string {
  const parts: string[] = []
  const keys = describeKeys(sel)
  if (keys !== '') parts.push(keys)
  if (sel.allChannels) parts.push('&*')
  else {
    parts.push('resetchannels')
    for (const c of sel.channels) parts.push(`&${c}`)
  }
  parts.push(describeCommands(acl, sel))
  return parts.join(' ')
}

/** GETUSER's `flags`. */
export function userFlags(u: User): string[] {
  const flags = [u.enabled ? 'on' : 'off']
  if (u.nopass) flags.push('nopass')
  if (u.sanitize !== '') flags.push(u.sanitize)
  return flags
}

/** One line of ACL LIST. */
export function describeUser(acl: Acl, u: User): string {
  const parts = ['user', u.name, ...userFlags(u)]
  for (const p of u.passwords) parts.push(`#${p}`)
  parts.push(describeSelector(acl, u.root))
  for (const s of u.selectors) parts.push(`(${describeSelector(acl, s)})`)
  return parts.join(' ')
}
