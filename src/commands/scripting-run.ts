/**
 * The engine side of scripting: the script cache, the function libraries, and
 * running a script with its own client (as Redis's Lua client): `redis.call`
 * checks, SELECT confined to the script, effects wrapped in MULTI/EXEC, and the
 * busy state behind SCRIPT KILL and BUSY replies.
 */
import { parseLL } from '../core/numbers.js'
import { parseShebang, type CompiledLibrary, type FunctionInfo, type ScriptApi, type ScriptFlag, type ScriptingHost } from '../core/scripting.js'
import type { Engine } from '../engine.js'
import { CommandError, Err, ScriptErr, wrongArity } from '../errors.js'
import { error, NULL_BULK, OK, type Reply } from '../resp/types.js'
import { Session } from '../session.js'
import { aclScriptDenied } from './acl.js'
import type { CommandContext } from './context.js'
import type { Command } from './define.js'

export interface Library {
  readonly name: string
  /** The code as loaded, metadata line included (FUNCTION LIST WITHCODE, DUMP). */
  readonly code: string
  readonly compiled: CompiledLibrary
}

export interface RunState {
  readonly kind: 'eval' | 'function'
  readonly name: string
  /** The EVAL/FCALL command line (FUNCTION STATS). */
  readonly argv: readonly string[]
  readonly start: number
  readonly readOnly: boolean
  /** The script declared allow-oom: denyoom calls run even over maxmemory. */
  readonly allowOom: boolean
  /** The client that runs the script (ACL LOG names it). */
  readonly caller: Session
  wrote: boolean
  killed: boolean
  busy: boolean
}

/** Per engine: cached scripts, libraries, the script client and what runs now. */
export class ScriptRegistry {
  /** sha → the shebang flags, or null for a script without shebang. */
  readonly scripts = new Map<string, ScriptFlag[] | null>()
  readonly libraries = new Map<string, Library>()
  readonly functions = new Map<string, { lib: Library; info: FunctionInfo }>()
  running: RunState | null = null
  session: Session | null = null
  readonly replies: Reply[] = []
  /** The name and command of the last `redis.call` (scripts repeat theirs; the engine's own one-entry cache holds EVALSHA's). */
  private lastName = ''
  private lastCommand: Command | undefined = undefined

  lookup(engine: Engine, name: string): Command | undefined {
    if (name === this.lastName) return this.lastCommand
    const cmd = engine.lookup(name)
    if (cmd !== undefined) {
      this.lastName = name
      this.lastCommand = cmd
    }
    return cmd
  }

  /** Adds a library whose functions were checked for collisions. */
  addLibrary(lib: Library): void {
    this.libraries.set(lib.name, lib)
    for (const info of lib.compiled.functions) this.functions.set(info.name, { lib, info })
  }

  removeLibrary(host: ScriptingHost | null, lib: Library): void {
    this.libraries.delete(lib.name)
    for (const info of lib.compiled.functions) this.functions.delete(info.name)
    host?.releaseLibrary(lib.compiled)
  }
}

const registries = new WeakMap<Engine, ScriptRegistry>()

export function registryOf(engine: Engine): ScriptRegistry {
  let r = registries.get(engine)
  if (!r) registries.set(engine, (r = new ScriptRegistry()))
  return r
}

export function hostOf(ctx: CommandContext): ScriptingHost {
  const host = ctx.engine.scripting
  if (host === null) throw new CommandError(ScriptErr.noHost)
  return host
}

/** A command with its subcommand resolved; undefined when either is unknown. */
function resolve(engine: Engine, argv: readonly string[], reg?: ScriptRegistry): Command | undefined {
  const cmd = reg === undefined ? engine.lookup(argv[0] as string) : reg.lookup(engine, argv[0] as string)
  if (cmd === undefined || cmd.subs === null || argv.length < 2) return cmd
  return cmd.subs.get((argv[1] as string).toLowerCase())
}

function arityOk(cmd: Command, argc: number): boolean {
  return cmd.arity > 0 ? argc === cmd.arity : argc >= -cmd.arity
}

/** numkeys of EVAL and FCALL: the keys and the arguments after them. */
export function splitKeys(args: readonly string[], numkeys: number): { keys: string[]; args: string[] } {
  return { keys: args.slice(2, 2 + numkeys), args: args.slice(2 + numkeys) }
}

/**
 * Commands Redis 7.0 flags may-replicate internally (COMMAND INFO does not show
 * it): read-only scripts refuse them like writes.
 */
const MAY_REPLICATE = new Set(['publish', 'spublish', 'pfcount'])

class ScriptRun implements ScriptApi {
  resp: 2 | 3 = 2

  constructor(
    private readonly engine: Engine,
    private readonly reg: ScriptRegistry,
    private readonly state: RunState,
    private readonly session: Session,
    readonly keys: readonly string[],
    readonly args: readonly string[],
  ) {}

  get kind(): 'eval' | 'function' {
    return this.state.kind
  }

  get name(): string {
    return this.state.name
  }

  get busy(): boolean {
    return this.state.busy
  }

  setResp(proto: 2 | 3): void {
    this.resp = proto
    this.session.proto = proto
  }

  call(argv: string[]): Reply {
    if (argv.length === 0) return error(ScriptErr.noArgs)
    const cmd = resolve(this.engine, argv, this.reg)
    if (cmd === undefined) return error(ScriptErr.unknownCommand)
    const container = cmd.parent
    if ((container !== null && !arityOk(container, argv.length)) || !arityOk(cmd, argv.length)) return error(ScriptErr.wrongArgs)
    if (cmd.allFlags.includes('noscript') && !this.engine.scriptDenyDisabled) return error(ScriptErr.notAllowed)
    const denied = aclScriptDenied(this.engine, this.session, this.state.caller, cmd, argv)
    if (denied !== null) return error(denied)
    if (this.state.readOnly && (cmd.isWrite || MAY_REPLICATE.has(cmd.fullName))) return error(ScriptErr.writeInReadOnly)
    // over maxmemory as the script started, a denyoom call is refused until the script has written (core/eviction.ts)
    if (cmd.denyOom && !this.state.allowOom && !this.state.wrote && this.engine.oomBeforeCommand && this.engine.eviction.max !== 0) return error(Err.oom)
    if (cmd.isWrite) this.state.wrote = true
    const out = this.reg.replies
    if (out.length !== 0) out.length = 0
    const r = this.engine.execute(this.session, cmd, argv, true)
    if (r !== undefined) return r
    return out[0] ?? NULL_BULK
  }

  aclCheck(argv: string[]): boolean | null {
    const cmd = resolve(this.engine, argv)
    if (cmd === undefined) return null
    return this.engine.acl.check(this.session.user, cmd, argv) === null
  }

  interrupted(): boolean {
    const s = this.state
    if (s.killed) return true
    if (!s.busy) {
      const threshold = this.engine.config.getInt('busy-reply-threshold')
      if (this.engine.clock.now() - s.start >= threshold) {
        s.busy = true
        this.engine.scriptBusy = (session, argv) => busyReply(this.engine, this.reg, session, argv)
      }
    }
    return s.killed
  }
}

/**
 * A command from another client while a script is busy (the adapter let it
 * in): commands flagged allow_busy run (SCRIPT KILL, FUNCTION STATS), the rest
 * get BUSY.
 */
function busyReply(engine: Engine, reg: ScriptRegistry, s: Session, argv: string[]): boolean {
  const run = reg.running
  if (run === null || !run.busy) return false
  const cmd = resolve(engine, argv)
  if (cmd !== undefined && cmd.allFlags.includes('allow_busy')) {
    if (!arityOk(cmd, argv.length)) s.reply(error(wrongArity(cmd.fullName)))
    else {
      const r = engine.execute(s, cmd, argv)
      if (r !== undefined) s.reply(r)
    }
    return true
  }
  s.reply(error(busyError(run)))
  return true
}

export function busyError(run: RunState): string {
  return run.kind === 'eval' ? ScriptErr.busyScript : ScriptErr.busyFunction
}

/** The client scripts run as: its own db (SELECT stays inside the script) and protocol (redis.setresp). */
function scriptSession(engine: Engine, reg: ScriptRegistry): Session {
  if (reg.session === null) {
    const replies = reg.replies
    reg.session = new Session(0, { write: (r) => void replies.push(r) }, engine.clock.now(), { kind: 'script' })
    reg.session.authenticated = true
  }
  return reg.session
}

export interface ScriptCall {
  readonly kind: 'eval' | 'function'
  readonly name: string
  readonly readOnly: boolean
  readonly allowOom?: boolean
  readonly keys: readonly string[]
  readonly args: readonly string[]
  readonly exec: (api: ScriptApi) => Reply
}

/** Runs a script or function for the calling client and returns its reply. */
export function runScript(ctx: CommandContext, call: ScriptCall): Reply {
  const engine = ctx.engine
  const reg = registryOf(engine)
  if (reg.running !== null) throw new CommandError(busyError(reg.running))
  const caller = ctx.session
  const session = scriptSession(engine, reg)
  session.db = caller.db
  session.proto = 2
  session.user = caller.user
  const state: RunState = {
    kind: call.kind,
    name: call.name,
    argv: ctx.argv,
    start: engine.clock.now(),
    readOnly: call.readOnly,
    allowOom: call.allowOom ?? false,
    caller,
    wrote: false,
    killed: false,
    busy: false,
  }
  reg.running = state
  // a script's writes replicate as their effects, wrapped in MULTI/EXEC when more than one
  const batch = engine.beginPropagationBatch()
  try {
    return call.exec(new ScriptRun(engine, reg, state, session, call.keys, call.args))
  } finally {
    reg.running = null
    engine.scriptBusy = null
    if (reg.replies.length !== 0) reg.replies.length = 0
    if (batch) engine.endPropagationBatch()
  }
}

/** SCRIPT KILL and FUNCTION KILL. */
export function killRunning(engine: Engine, kind: 'eval' | 'function'): Reply {
  const run = registryOf(engine).running
  if (run === null) return error(Err.notBusy)
  if (run.wrote) return error(ScriptErr.unkillable)
  if (run.kind !== kind) return error(busyError(run))
  run.killed = true
  return OK
}

/** Parses numkeys of EVAL* (Redis's checks, in its order). */
export function evalNumkeys(arg: string, available: number): number {
  const n = parseLL(arg)
  if (n === null) throw new CommandError(Err.notInteger)
  if (n > available) throw new CommandError(Err.numkeysTooBig)
  if (n < 0) throw new CommandError(ScriptErr.numkeysNegative)
  return n
}

/**
 * Whether EVAL, EVALSHA and FCALL (and their _RO forms) count as denyoom (refused over maxmemory before they
 * run): scripts with a shebang and functions that declare neither no-writes
 * nor allow-oom. Scripts without a shebang are checked call by call instead.
 */
export function scriptDenyOom(engine: Engine, cmd: Command, argv: readonly string[]): boolean {
  let flags: readonly ScriptFlag[] | null | undefined
  const name = cmd.name
  if (name === 'eval' || name === 'eval_ro') {
    try {
      flags = parseShebang(argv[1] as string).flags
    } catch {
      return false // a bad shebang: EVAL itself reports it
    }
  }
  else if (name === 'evalsha' || name === 'evalsha_ro') flags = registryOf(engine).scripts.get((argv[1] as string).toLowerCase())
  else if (name === 'fcall' || name === 'fcall_ro') flags = registryOf(engine).functions.get(argv[1] as string)?.info.flags
  else return false
  return flags !== null && flags !== undefined && !flags.includes('no-writes') && !flags.includes('allow-oom')
}

/** The code of every loaded function library, in load order (snapshots keep them with the data). */
export function libraryCodes(engine: Engine): string[] {
  return [...registryOf(engine).libraries.values()].map((lib) => lib.code)
}

/**
 * Replaces the function libraries with `codes` (loading a snapshot). Returns the
 * error replies of libraries that did not load (no script engine installed, or
 * code this engine refuses).
 */
export function replaceLibraries(engine: Engine, codes: readonly string[]): string[] {
  if (registryOf(engine).libraries.size === 0 && codes.length === 0) return []
  const errors: string[] = []
  for (const argv of [['function', 'flush', 'sync'], ...codes.map((code) => ['function', 'load', code])]) {
    const r = engine.run(argv)
    if (r !== undefined && r.t === 'error') errors.push(r.v)
  }
  return errors
}
