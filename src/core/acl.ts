/**
 * ACL users and their permissions, as Redis 7.0 keeps them: per selector a
 * bitmap of commands (subcommands have their own bits), first-argument
 * exceptions (`+select|0`), key patterns with read/write flags and channel
 * patterns; a user is allowed a command when any of its selectors allows it.
 * Rules are parsed in acl-rules.ts, described (ACL LIST) in acl-describe.ts.
 */
import type { AclCategory, Command, KeySpecFlag } from '../commands/define.js'
import { compileGlob, globMatch } from './glob.js'
import { sha256Hex } from './sha256.js'

export const ACL_READ = 1
export const ACL_WRITE = 2

/** Finds a command's keys with their key-spec flags (commands/server-command.ts's commandKeys). */
export type KeyFinder = (cmd: Command, argv: readonly string[]) => { pos: number; flags: readonly KeySpecFlag[] }[] | null

/** Every command and subcommand of the table, numbered: the bit positions of the bitmaps. */
export class CommandIndex {
  /** Containers are followed by their subcommands. */
  readonly list: Command[] = []
  readonly top: Command[]
  private readonly ids = new Map<Command, number>()
  private readonly byName = new Map<string, Command>()

  constructor(commands: Iterable<Command>) {
    this.top = [...new Set(commands)]
    for (const c of this.top) {
      this.add(c)
      this.byName.set(c.name, c)
      if (c.subs !== null) for (const s of new Set(c.subs.values())) this.add(s)
    }
  }

  private add(c: Command): void {
    this.ids.set(c, this.list.length)
    this.list.push(c)
  }

  get size(): number {
    return this.list.length
  }

  id(c: Command): number {
    return this.ids.get(c) ?? -1
  }

  /** A top-level command by name, case-insensitively. */
  command(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase())
  }
}

export interface KeyPattern {
  readonly pattern: string
  flags: number
  readonly match: (key: string) => boolean
}

export class Selector {
  allowed: Uint8Array
  /** Set by +@all / allcommands: commands added later are allowed too (Redis's reserved bit). */
  allCommands = false
  /** Allowed first arguments of commands whose bit is off (`+select|0`), by command id. */
  firstArgs: Map<number, string[]> = new Map()
  keys: KeyPattern[] = []
  allKeys = false
  channels: string[] = []
  allChannels = false

  constructor(size: number) {
    this.allowed = new Uint8Array(size)
  }

  clone(): Selector {
    const s = new Selector(0)
    s.allowed = this.allowed.slice()
    s.allCommands = this.allCommands
    s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, [...v]]))
    s.keys = this.keys.map((k) => ({ ...k }))
    s.allKeys = this.allKeys
    s.channels = [...this.channels]
    s.allChannels = this.allChannels
    return s
  }
}

export type Sanitize = '' | 'sanitize-payload' | 'skip-sanitize-payload'

export class User {
  enabled = false
  nopass = false
  /** SHA-256 hex digests, in the order they were added. */
  passwords: string[] = []
  sanitize: Sanitize = ''
  root: Selector
  selectors: Selector[] = []

  constructor(
    readonly name: string,
    size: number,
  ) {
    this.root = new Selector(size)
  }

  clone(): User {
    const u = new User(this.name, 0)
    u.enabled = this.enabled
    u.nopass = this.nopass
    u.passwords = [...this.passwords]
    u.sanitize = this.sanitize
    u.root = this.root.clone()
    u.selectors = this.selectors.map((s) => s.clone())
    return u
  }

  /** Every selector, the root first (the order permission checks try them). */
  get allSelectors(): Selector[] {
    return [this.root, ...this.selectors]
  }

  /** Allowed everything: no permission check is needed. */
  get unrestricted(): boolean {
    const r = this.root
    return r.allKeys && r.allChannels && r.allowed.every((b) => b === 1)
  }
}

/** Why a command was refused, in Redis's order of relevance (a later reason wins across selectors). */
export const DENIED_CMD = 1
export const DENIED_KEY = 2
export const DENIED_CHANNEL = 4

export interface Denial {
  readonly reason: typeof DENIED_CMD | typeof DENIED_KEY | typeof DENIED_CHANNEL
  /** The argument position of the key or channel. */
  readonly pos: number
  /** The command's full name, the key or the channel. */
  readonly object: string
}

/** The commands whose arguments are channels, and from where: PSUBSCRIBE's are patterns, compared literally. */
const CHANNEL_COMMANDS: Record<string, 'one' | 'all' | 'patterns'> = {
  publish: 'one',
  spublish: 'one',
  subscribe: 'all',
  ssubscribe: 'all',
  psubscribe: 'patterns',
}

export function keyPattern(pattern: string, flags: number): KeyPattern {
  return { pattern, flags, match: compileGlob(pattern) }
}

/** The users of one engine. */
export class Acl {
  readonly users = new Map<string, User>()
  readonly index: CommandIndex
  /** The default user may run anything: sessions using it skip the checks. */
  defaultOpen = true

  constructor(
    commands: Iterable<Command>,
    private readonly keyFinder: KeyFinder,
  ) {
    this.index = new CommandIndex(commands)
    const d = new User('default', this.index.size)
    d.enabled = true
    d.nopass = true
    d.root.allowed.fill(1)
    d.root.allCommands = true
    d.root.allKeys = true
    d.root.allChannels = true
    this.users.set('default', d)
  }

  get default(): User {
    return this.users.get('default') as User
  }

  /** `requirepass` sets the default user's only password (or nopass when empty). */
  setRequirePass(pass: string): void {
    const d = this.default
    d.passwords = pass === '' ? [] : [sha256Hex(pass)]
    d.nopass = pass === ''
    this.changed()
  }

  /** Recomputes what the fast path relies on; call after changing any user. */
  changed(): void {
    this.defaultOpen = this.default.unrestricted
  }

  /** Whether new connections start authenticated (the default user needs no password). */
  defaultAuthenticates(): boolean {
    const d = this.default
    return d.enabled && d.nopass
  }

  /** The user these credentials log in as, or null (unknown, disabled, wrong password). */
  authenticate(name: string, pass: string): User | null {
    const u = this.users.get(name)
    if (u === undefined || !u.enabled) return null
    if (u.nopass) return u
    return u.passwords.includes(sha256Hex(pass)) ? u : null
  }

  /**
   * Protected mode: while the default user has no password (`nopass`), only
   * clients at 127.0.0.1 or ::1 may connect, whatever the server binds to
   * (Redis 7.0 compares the address text: 127.0.0.2 is outside).
   */
  protectedModeRefuses(protectedMode: boolean, ip: string): boolean {
    if (!protectedMode || !this.default.nopass) return false
    const a = ip.startsWith('::ffff:') ? ip.slice(7) : ip
    return a !== '127.0.0.1' && a !== '::1'
  }

  /** Whether a session of this user needs no permission checks. */
  open(userName: string): boolean {
    if (userName === 'default') return this.defaultOpen
    return this.users.get(userName)?.unrestricted ?? false
  }

  /** Why `user` may not run `cmd` with `argv` (the name at 0), or null when it may. */
  check(userName: string, cmd: Command, argv: readonly string[]): Denial | null {
    const u = this.users.get(userName)
    if (u === undefined) return { reason: DENIED_CMD, pos: 0, object: cmd.fullName }
    let worst: Denial | null = null
    for (const sel of u.allSelectors) {
      const d = this.checkSelector(sel, cmd, argv)
      if (d === null) return null
      if (worst === null || d.reason > worst.reason || (d.reason === worst.reason && d.pos > worst.pos)) worst = d
    }
    return worst
  }

  private checkSelector(sel: Selector, cmd: Command, argv: readonly string[]): Denial | null {
    const id = this.index.id(cmd)
    if (id < 0 || sel.allowed[id] !== 1) {
      const first = sel.firstArgs.get(id)
      const arg = argv.length > 1 ? (argv[1] as string).toLowerCase() : null
      if (first === undefined || arg === null || !first.some((a) => a.toLowerCase() === arg)) {
        return { reason: DENIED_CMD, pos: 0, object: cmd.fullName }
      }
    }
    if (!sel.allKeys) {
      for (const k of this.keyFinder(cmd, argv) ?? []) {
        let need = 0
        if (k.flags.includes('access')) need |= ACL_READ
        if (k.flags.includes('insert') || k.flags.includes('delete') || k.flags.includes('update')) need |= ACL_WRITE
        const key = argv[k.pos] as string
        if (!sel.keys.some((p) => (p.flags & need) === need && p.match(key))) return { reason: DENIED_KEY, pos: k.pos, object: key }
      }
    }
    const kind = sel.allChannels ? undefined : CHANNEL_COMMANDS[cmd.fullName]
    if (kind !== undefined) {
      const last = kind === 'one' ? Math.min(1, argv.length - 1) : argv.length - 1
      for (let i = 1; i <= last; i++) {
        const ch = argv[i] as string
        const ok = kind === 'patterns' ? sel.channels.includes(ch) : sel.channels.some((p) => globMatch(p, ch))
        if (!ok) return { reason: DENIED_CHANNEL, pos: i, object: ch }
      }
    }
    return null
  }

  /** Commands of a category, and the categories of a command (ACL CAT). */
  inCategory(cat: AclCategory): Command[] {
    return this.index.list.filter((c) => c.categories.includes(cat))
  }
}
