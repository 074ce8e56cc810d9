/**
 * ACL SETUSER's rules, applied as Redis 7.0 applies them: to a copy of the
 * user, committed only when every rule is valid.
 */
import type { AclCategory, Command } from '../commands/define.js'
import { ACL_ORDER } from '../commands/define.js'
import { AclErr, CommandError } from '../errors.js'
import { ACL_READ, ACL_WRITE, keyPattern, Selector, User, type Acl, type CommandIndex } from './acl.js'
import { sha256Hex } from './sha256.js'

const HASH = /^[0-9a-f]{64}$/

function fail(op: string, reason: string): never {
  throw new CommandError(AclErr.modifier(op, reason))
}

/** Allows or denies a command; a container takes its subcommands along. First-argument exceptions go. */
export function setCommandBit(index: CommandIndex, sel: Selector, cmd: Command, allow: boolean): void {
  const id = index.id(cmd)
  sel.allowed[id] = allow ? 1 : 0
  sel.firstArgs.delete(id)
  if (cmd.subs !== null) for (const s of new Set(cmd.subs.values())) setCommandBit(index, sel, s, allow)
}

/** +@cat / -@cat: every command in the category (a container in it takes all its subcommands). */
export function setCategory(index: CommandIndex, sel: Selector, cat: AclCategory, allow: boolean): void {
  for (const c of index.list) if (c.categories.includes(cat)) setCommandBit(index, sel, c, allow)
}

function allCommands(sel: Selector, allow: boolean): void {
  sel.allowed.fill(allow ? 1 : 0)
  sel.allCommands = allow
  sel.firstArgs.clear()
}

function category(name: string): AclCategory | undefined {
  const lower = name.toLowerCase()
  return ACL_ORDER.find((c) => c === lower)
}

/** One rule of a selector (keys, channels, commands); `op` is what errors quote. */
export function applySelectorRule(acl: Acl, sel: Selector, rule: string, op: string): void {
  const lower = rule.toLowerCase()
  const index = acl.index
  if (lower === 'allkeys' || rule === '~*') {
    sel.allKeys = true
    sel.keys = []
  } else if (lower === 'resetkeys') {
    sel.allKeys = false
    sel.keys = []
  } else if (lower === 'allchannels' || rule === '&*') {
    sel.allChannels = true
    sel.channels = []
  } else if (lower === 'resetchannels') {
    sel.allChannels = false
    sel.channels = []
  } else if (lower === 'allcommands' || lower === '+@all') allCommands(sel, true)
  else if (lower === 'nocommands' || lower === '-@all') allCommands(sel, false)
  else if (rule[0] === '~' || rule[0] === '%') {
    if (sel.allKeys) fail(op, AclErr.keyAfterAll)
    let flags = 0
    let at = 1
    if (rule[0] === '~') flags = ACL_READ | ACL_WRITE
    else {
      for (; at < rule.length; at++) {
        const c = (rule[at] as string).toUpperCase()
        if (c === 'R' && !(flags & ACL_READ)) flags |= ACL_READ
        else if (c === 'W' && !(flags & ACL_WRITE)) flags |= ACL_WRITE
        else if (c === '~') {
          at++
          break
        } else fail(op, AclErr.syntax)
      }
      if (flags === 0) fail(op, AclErr.syntax)
    }
    const pattern = rule.slice(at)
    const existing = sel.keys.find((k) => k.pattern === pattern)
    if (existing !== undefined) existing.flags |= flags
    else sel.keys.push(keyPattern(pattern, flags))
  } else if (rule[0] === '&') {
    if (sel.allChannels) fail(op, AclErr.channelAfterAll)
    const ch = rule.slice(1)
    if (!sel.channels.includes(ch)) sel.channels.push(ch)
  } else if (rule[0] === '+' || rule[0] === '-') {
    const allow = rule[0] === '+'
    if (rule[1] === '@') {
      const cat = category(rule.slice(2))
      if (cat === undefined) fail(op, AclErr.unknownCommand)
      setCategory(index, sel, cat, allow)
      return
    }
    const name = rule.slice(1)
    const bar = name.indexOf('|')
    if (bar < 0) {
      const cmd = index.command(name)
      if (cmd === undefined) fail(op, AclErr.unknownCommand)
      setCommandBit(index, sel, cmd, allow)
      return
    }
    const cmd = index.command(name.slice(0, bar))
    if (cmd === undefined) fail(op, AclErr.unknownCommand)
    const arg = name.slice(bar + 1)
    if (arg === '') fail(op, AclErr.syntax)
    if (cmd.subs !== null) {
      const sub = cmd.subs.get(arg.toLowerCase())
      if (sub === undefined) fail(op, AclErr.unknownCommand)
      setCommandBit(index, sel, sub, allow)
      return
    }
    // a command without subcommands allows single first arguments (`+select|0`); they cannot be removed one by one
    if (!allow || arg.includes('|')) fail(op, AclErr.unknownCommand)
    const id = index.id(cmd)
    const list = sel.firstArgs.get(id) ?? []
    if (!list.includes(arg)) list.push(arg)
    sel.firstArgs.set(id, list)
  } else fail(op, AclErr.syntax)
}

/** A new selector from `(rule rule ...)`. */
function parseSelector(acl: Acl, op: string): Selector {
  const sel = new Selector(acl.index.size)
  for (const rule of op.slice(1, -1).split(' ')) if (rule !== '') applySelectorRule(acl, sel, rule, op)
  return sel
}

/** Joins selector rules given as several arguments: `(~a*` `+get)` is one rule. */
export function mergeSelectorArgs(rules: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as string
    if (r[0] !== '(' || r.endsWith(')')) {
      out.push(r)
      continue
    }
    let merged = r
    let j = i + 1
    for (; j < rules.length; j++) {
      merged += ` ${rules[j] as string}`
      if ((rules[j] as string).endsWith(')')) break
    }
    if (j >= rules.length) throw new CommandError(AclErr.unmatchedParen(r))
    out.push(merged)
    i = j
  }
  return out
}

/** Resets a user as the `reset` rule does. */
function reset(acl: Acl, u: User, allChannels: boolean): void {
  u.passwords = []
  u.nopass = false
  u.enabled = false
  u.sanitize = 'sanitize-payload'
  u.selectors = []
  u.root = new Selector(acl.index.size)
  u.root.allChannels = allChannels
}

/**
 * Applies rules to a copy of `base` (or to a new user when undefined) and
 * returns it; throws a CommandError with Redis's message on the first bad rule.
 */
export function applyRules(acl: Acl, name: string, base: User | undefined, rules: readonly string[], allChannelsByDefault: boolean): User {
  const u = base !== undefined ? base.clone() : new User(name, acl.index.size)
  if (base === undefined) u.root.allChannels = allChannelsByDefault
  for (const op of mergeSelectorArgs(rules)) {
    const lower = op.toLowerCase()
    if (op[0] === '(' && op.endsWith(')')) u.selectors.push(parseSelector(acl, op))
    else if (lower === 'on') u.enabled = true
    else if (lower === 'off') u.enabled = false
    else if (lower === 'sanitize-payload' || lower === 'skip-sanitize-payload') u.sanitize = lower
    else if (lower === 'nopass') {
      u.nopass = true
      u.passwords = []
    } else if (lower === 'resetpass') {
      u.nopass = false
      u.passwords = []
    } else if (lower === 'reset') reset(acl, u, allChannelsByDefault)
    else if (lower === 'clearselectors') u.selectors = []
    else if (op[0] === '>' || op[0] === '#') {
      const hash = op[0] === '>' ? sha256Hex(op.slice(1)) : op.slice(1)
      if (!HASH.test(hash)) fail(op, AclErr.badHash)
      if (!u.passwords.includes(hash)) u.passwords.push(hash)
      u.nopass = false
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = op[0] === '<' ? sha256Hex(op.slice(1)) : op.slice(1)
      if (!HASH.test(hash)) fail(op, AclErr.badHash)
      const i = u.passwords.indexOf(hash)
      if (i < 0) fail(op, AclErr.noSuchPassword)
      u.passwords.splice(i, 1)
    } else applySelectorRule(acl, u.root, op, op)
  }
  return u
}
